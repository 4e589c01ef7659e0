//go:build !purego

#include "go_asm.h"
#include "textflag.h"

// func fast(q *batch, text string, pairs [][2]int32, masks *[keyBytes + 1]wordKey) int
//
// DI q, SI text, DX len(text), BX the next pair, CX pairs left, R8 q.n,
// R12 0x20 in every byte, R13 masks, R15 0x80 in every byte.
TEXT ·fast(SB), NOSPLIT, $0-64
	MOVQ q+0(FP), DI
	MOVQ text_base+8(FP), SI
	MOVQ text_len+16(FP), DX
	MOVQ pairs_base+24(FP), BX
	MOVQ pairs_len+32(FP), CX
	MOVQ masks+48(FP), R13
	MOVQ batch_n(DI), R8
	MOVQ $0x2020202020202020, R12
	MOVQ $0x8080808080808080, R15

loop:
	CMPQ R8, $const_lookAhead
	JEQ done
	TESTQ CX, CX
	JEQ done
	MOVLQSX 0(BX), AX // i
	MOVLQSX 4(BX), R9
	SUBQ AX, R9 // the run's length
	CMPQ R9, $const_keyBytes
	JA done
	LEAQ const_keyBytes(AX), R10
	CMPQ R10, DX
	JA done // in the last keyBytes of text

	// the key: eight bytes at a time, lower cased, masked to the length
	LEAQ (R9)(R9*2), R11
	LEAQ (R13)(R11*8), R11 // &masks[length]
	MOVQ 0(SI)(AX*1), R10
	ORQ R12, R10
	ANDQ 0(R11), R10
	MOVQ 8(SI)(AX*1), R14
	ORQ R12, R14
	ANDQ 8(R11), R14
	MOVQ 16(SI)(AX*1), AX
	ORQ R12, AX
	ANDQ 16(R11), AX

	MOVQ 0(BX), R11
	MOVQ R11, batch_at(DI)(R8*8)
	MOVQ R10, R11
	ORQ R14, R11
	ORQ AX, R11
	TESTQ R15, R11
	JNZ other

	LEAQ (R8)(R8*2), R11
	MOVQ R10, batch_key+0(DI)(R11*8)
	MOVQ R14, batch_key+8(DI)(R11*8)
	MOVQ AX, batch_key+16(DI)(R11*8)

	// hash3
	MOVQ $0x9e3779b97f4a7c15, R11
	IMULQ R11, R10
	MOVQ $0xc2b2ae3d27d4eb4f, R11
	IMULQ R11, R14
	ADDQ R14, R10
	MOVQ $0x165667b19e3779f9, R11
	IMULQ R11, AX
	ADDQ AX, R10
	MOVQ R10, batch_hash(DI)(R8*8)

	// the next run's place, unless this is one character
	CMPQ R9, $2
	SBBQ R11, R11 // -1 if shorter than 2, else 0
	LEAQ 1(R8)(R11*1), R8
	ADDQ $8, BX
	DECQ CX
	JMP loop

other: // a run with other characters than ASCII: {noKey, runOther}
	LEAQ (R8)(R8*2), R11
	MOVQ $-1, batch_key+0(DI)(R11*8)
	MOVQ $const_runOther, batch_key+8(DI)(R11*8)
	MOVQ $0, batch_key+16(DI)(R11*8)
	MOVQ $0, batch_hash(DI)(R8*8)
	INCQ R8
	ADDQ $8, BX
	DECQ CX
	JMP loop

done:
	MOVQ R8, batch_n(DI)
	MOVQ pairs_len+32(FP), AX
	SUBQ CX, AX
	MOVQ AX, ret+56(FP)
	RET

// func atHome(q *batch, entries []sharedEntry, vals *[lookAhead]int32) uint32
//
// DI q, SI entries, DX len(entries), R8 vals, CX q.n, BX k, AX the runs
// not found, R9 the entry. On amd64 a load is not done before an earlier
// one: the entry's k1, k2 and val, written before its k0, are read after.
TEXT ·atHome(SB), NOSPLIT, $0-44
	MOVQ q+0(FP), DI
	MOVQ entries_base+8(FP), SI
	MOVQ entries_len+16(FP), DX
	MOVQ vals+32(FP), R8
	MOVQ batch_n(DI), CX
	XORL BX, BX
	XORL AX, AX
	TESTQ CX, CX
	JEQ found

entry:
	MOVL batch_home(DI)(BX*4), R9
	CMPQ R9, DX
	JAE missed // cannot be: the home is in this table or a smaller one
	SHLQ $5, R9 // an entry is 32 bytes
	ADDQ SI, R9
	LEAQ (BX)(BX*2), R10
	MOVQ 0(R9), R11
	CMPQ R11, batch_key+0(DI)(R10*8)
	JNE missed
	MOVQ 8(R9), R11
	XORQ batch_key+8(DI)(R10*8), R11
	MOVQ 16(R9), R12
	XORQ batch_key+16(DI)(R10*8), R12
	ORQ R12, R11
	JNZ missed
	MOVL 24(R9), R11
	MOVL R11, (R8)(BX*4)

next:
	INCQ BX
	CMPQ BX, CX
	JLT entry

found:
	MOVL AX, ret+40(FP)
	RET

missed:
	BTSL BX, AX
	JMP next
