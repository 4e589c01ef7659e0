package search

// digits is the alphabet of the compact number encoding used for postings and
// facets: 64 characters that need no escaping in JSON or URLs. A number is
// written in base 32, most significant digit first; every digit but the last
// is taken from the upper half (digits[32:]), the last from the lower half, so
// numbers below 32 take one character, below 1024 two, below 32768 three.
const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// appendNum appends n (n >= 0) to b in the compact encoding.
func appendNum(b []byte, n uint32) []byte {
	switch {
	case n < 32:
		return append(b, digits[n])
	case n < 1024:
		return append(b, digits[32+n>>5], digits[n&31])
	}
	var tmp [7]byte
	i := len(tmp) - 1
	tmp[i] = digits[n&31]
	for n >>= 5; n > 0; n >>= 5 {
		i--
		tmp[i] = digits[32+n&31]
	}
	return append(b, tmp[i:]...)
}

// decodeNums reverses appendNum over a whole string. It is the Go twin of
// decode in search.js, used by tests.
func decodeNums(s string) ([]uint32, bool) {
	var out []uint32
	var x uint32
	open := false
	for i := 0; i < len(s); i++ {
		d := indexDigit(s[i])
		switch {
		case d < 0:
			return nil, false
		case d >= 32:
			x = x<<5 | uint32(d-32)
			open = true
		default:
			out = append(out, x<<5|uint32(d))
			x, open = 0, false
		}
	}
	return out, !open
}

func indexDigit(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 36
	case c == '-':
		return 62
	case c == '_':
		return 63
	}
	return -1
}
