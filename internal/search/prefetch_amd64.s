//go:build !purego

#include "textflag.h"

// func prefetch(addrs *[lookAhead]*sharedEntry, n int) uint64
TEXT ·prefetch(SB), NOSPLIT, $0-24
	MOVQ addrs+0(FP), AX
	MOVQ n+8(FP), CX
	MOVQ $0, ret+16(FP)
	TESTQ CX, CX
	JLE done

loop:
	MOVQ (AX), DX
	PREFETCHT0 (DX)
	ADDQ $8, AX
	DECQ CX
	JNZ loop

done:
	RET
