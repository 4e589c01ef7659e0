//go:build !purego

#include "textflag.h"

// func prefetch(entries []sharedEntry, hashes *[lookAhead]uint64, homes *[lookAhead]uint32, n int, shift uint) uint64
TEXT ·prefetch(SB), NOSPLIT, $0-64
	MOVQ entries_base+0(FP), AX
	MOVQ hashes+24(FP), BX
	MOVQ homes+32(FP), SI
	MOVQ n+40(FP), DI
	MOVQ shift+48(FP), CX
	MOVQ $0, ret+56(FP)
	TESTQ DI, DI
	JLE done

loop:
	MOVQ (BX), DX
	SHRQ CX, DX // the entry's place
	MOVL DX, (SI)
	SHLQ $5, DX // an entry is 32 bytes (see sharedEntry)
	PREFETCHT0 (AX)(DX*1)
	ADDQ $8, BX
	ADDQ $4, SI
	DECQ DI
	JNZ loop

done:
	RET
