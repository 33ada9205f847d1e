/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny seeded generator whose sequence depends on the
/// seed alone, on every platform and Swift version, so that a fuzz input can be made again from its
/// seed and iteration.
///
/// Only its own methods are used to draw numbers: the standard library's `random(in:using:)`
/// does not promise the same mapping from generator output to values across versions.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting at `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (0 when `bound` is not positive), by the high half of a 128-bit
    /// product: a bias below 2⁻³² for the bounds used here, which fuzzing does not mind.
    public mutating func below(_ bound: Int) -> Int {
        guard bound > 0 else { return 0 }
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A number in `range`.
    public mutating func within(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `percent` / 100.
    public mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// One element of `items`, which must not be empty.
    public mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// The generator for one input: mixes the run's seed, the parser's name and the iteration, so
    /// that iteration `i` of a parser is the same input whichever iterations ran before it.
    public static func forInput(seed: UInt64, parser: String, iteration: Int) -> SplitMix64 {
        // FNV-1a of the name: stable, unlike `hashValue`, which is seeded per process.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in parser.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var mixer = SplitMix64(seed: seed ^ hash)
        let base = mixer.next()
        var generator = SplitMix64(seed: base &+ UInt64(bitPattern: Int64(iteration)) &* 0xD1B5_4A32_D192_ED03)
        _ = generator.next()
        return generator
    }
}
