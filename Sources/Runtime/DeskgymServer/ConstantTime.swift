/// Comparison of secrets (the bearer token) in time that does not depend on where they differ.
enum ConstantTime {
    /// Whether `given` equals `expected`, comparing every byte of `expected` without stopping at
    /// the first difference; a `given` of another length walks the same loop, so the time depends
    /// on the length of `expected` only (and on copying `given`, which the caller chose).
    @inline(never)
    static func equal(_ given: some Collection<UInt8>, _ expected: some Collection<UInt8>) -> Bool {
        let given = Array(given), expected = Array(expected)
        // A length difference is folded into the result, not returned early.
        var difference = UInt(bitPattern: given.count ^ expected.count)
        for index in 0..<expected.count {
            // Where `given` is shorter, compare against its bytes again (or 0): same work, and
            // the length difference above already makes the result false.
            let byte = given.isEmpty ? 0 : given[index % given.count]
            difference |= UInt(byte ^ expected[index])
        }
        return difference == 0
    }

    /// Whether the strings' UTF-8 bytes are equal, as ``equal(_:_:)-(some Collection<UInt8>,_)``.
    static func equal(_ given: String, _ expected: String) -> Bool {
        equal(given.utf8, expected.utf8)
    }
}
