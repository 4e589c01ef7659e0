//go:build !purego

#include "textflag.h"

// SEP16 ORs into dst the bytes of text at off(SI) that are no separators:
// letters ((b|0x20)-'a' < 26), digits (b-'0' < 10) and bytes of 0x80 or
// more, a bit each from bit 0 (the constants are in X8 to X12).
#define SEP16(off, dst) \
	MOVOU off(SI), X0; \
	PMOVMSKB X0, dst; \
	MOVO X0, X1; \
	POR X8, X1; \
	PSUBB X9, X1; \
	MOVO X1, X2; \
	PMINUB X10, X2; \
	PCMPEQB X2, X1; \
	PSUBB X11, X0; \
	MOVO X0, X3; \
	PMINUB X12, X3; \
	PCMPEQB X3, X0; \
	POR X1, X0; \
	PMOVMSKB X0, BX; \
	ORQ BX, dst

// BROADCAST sets every byte of x to the byte b.
#define BROADCAST(b, x) \
	MOVQ $(b*0x0101010101010101), AX; \
	MOVQ AX, x; \
	PUNPCKLQDQ x, x

// func sepBlocks(seps []uint64, text string)
TEXT ·sepBlocks(SB), NOSPLIT, $0-40
	MOVQ seps_base+0(FP), DI
	MOVQ seps_len+8(FP), CX
	MOVQ text_base+24(FP), SI
	TESTQ CX, CX
	JEQ done
	BROADCAST(0x20, X8)
	BROADCAST(0x61, X9)  // 'a'
	BROADCAST(25, X10)
	BROADCAST(0x30, X11) // '0'
	BROADCAST(9, X12)

loop:
	SEP16(0, R8)
	SEP16(16, R9)
	SEP16(32, R10)
	SEP16(48, R11)
	SHLQ $16, R9
	SHLQ $32, R10
	SHLQ $48, R11
	ORQ R9, R8
	ORQ R11, R10
	ORQ R10, R8
	NOTQ R8
	MOVQ R8, (DI)
	ADDQ $64, SI
	ADDQ $8, DI
	DECQ CX
	JNZ loop

done:
	RET

// func boundsOf(out []int32, seps []uint64, carry uint64, base int) (int, uint64)
//
// DI the next place in out, SI the next bitmap, CX bitmaps left, R8 carry,
// R9 base, DX the bounds of a block.
TEXT ·boundsOf(SB), NOSPLIT, $0-80
	MOVQ out_base+0(FP), DI
	MOVQ seps_base+24(FP), SI
	MOVQ seps_len+32(FP), CX
	MOVQ carry+48(FP), R8
	MOVQ base+56(FP), R9
	MOVQ DI, R10
	TESTQ CX, CX
	JEQ end

block:
	MOVQ (SI), AX
	MOVQ AX, DX
	SHLQ $1, DX
	ORQ R8, DX
	XORQ AX, DX // sep ^ (sep<<1 | carry)
	MOVQ AX, R8
	SHRQ $63, R8
	TESTQ DX, DX
	JEQ next

bound:
	BSFQ DX, BX
	ADDL R9, BX
	MOVL BX, (DI)
	ADDQ $4, DI
	LEAQ -1(DX), BX
	ANDQ BX, DX
	JNZ bound

next:
	ADDQ $64, R9
	ADDQ $8, SI
	DECQ CX
	JNZ block

end:
	SUBQ R10, DI
	SHRQ $2, DI
	MOVQ DI, ret+64(FP)
	MOVQ R8, ret1+72(FP)
	RET
