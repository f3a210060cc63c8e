package search

// EncodeColumn lets the script's tests encode facet columns in every mode.
func EncodeColumn(values []int, combos, mode int) []byte {
	id := make([]int, combos)
	for i := range id {
		id[i] = i
	}
	return encodeColumn(values, id, combos, mode)
}

// Packing is how many documents a byte a facet of combos combinations packs.
var Packing = packing
