import DeskgymBenchmarks
import Testing

/// `deskgym fuzz`'s engine in process: inputs fixed by the seed, and a short run of every parser.
@Suite("Fuzzer", .serialized)
struct FuzzerTests {
    static let names = FuzzTarget.all.map(\.name)

    @Test("SplitMix64 gives the reference sequence")
    func splitMix() {
        // The first outputs for seed 1234567, from the reference implementation (Vigna's splitmix64.c).
        var random = SplitMix64(seed: 1_234_567)
        #expect(random.next() == 6_457_827_717_110_365_317)
        #expect(random.next() == 3_203_168_211_198_807_973)
    }

    @Test("the same seed gives the same inputs, in any order; another seed gives others", arguments: names)
    func sameSeedSameInputs(parser: String) throws {
        let target = try #require(FuzzTarget.named(parser))
        let first = FuzzMutator(target: target), second = FuzzMutator(target: target)
        let forward = (0..<300).map { first.input(seed: 42, iteration: $0) }
        let backward = (0..<300).reversed().map { second.input(seed: 42, iteration: $0) }.reversed()
        #expect(forward == Array(backward))
        let other = (0..<300).map { first.input(seed: 43, iteration: $0) }
        #expect(zip(forward, other).filter { $0 == $1 }.count < 30, "seed 43 repeats seed 42's inputs")
        #expect(Set(forward).count > 250, "too few distinct inputs")
    }

    @Test("inputs stay within the maximum size")
    func maximumSize() throws {
        for target in FuzzTarget.all {
            let mutator = FuzzMutator(target: target, maximumSize: 300)
            #expect((0..<500).allSatisfy { mutator.input(seed: 5, iteration: $0).count <= 300 }, "\(target.name)")
        }
    }

    @Test("generated inputs nest past the answer and request limit (64) and DeskgymCore's (512)")
    func deepNesting() throws {
        let mutator = FuzzMutator(target: try #require(FuzzTarget.named("json_reader")))
        let depths = (0..<2000).map { iteration in
            var depth = 0, deepest = 0
            for byte in mutator.input(seed: 1, iteration: iteration) {
                if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                    depth += 1
                    deepest = max(deepest, depth)
                } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    depth -= 1
                }
            }
            return deepest
        }
        #expect(depths.filter { $0 > 64 }.count > 20)
        #expect(depths.contains { $0 > 512 })
    }

    @Test("300 inputs of each parser: all counted, none slower than a second, some accepted", arguments: names)
    func shortRun(parser: String) throws {
        let fuzzer = Fuzzer(target: try #require(FuzzTarget.named(parser)), seed: 7)
        var chunks: [FuzzChunk] = []
        fuzzer.run(from: 100, count: 300, chunkSize: 100) { chunks.append($0) }
        #expect(chunks.map(\.start) == [100, 200, 300])
        #expect(chunks.last?.end == 400)
        var report = FuzzReport(parser: parser, seed: 7)
        for chunk in chunks { report.add(chunk) }
        #expect(report.inputs == 300)
        #expect(report.accepted + report.refused == 300)
        #expect(report.accepted > 0, "no generated or mutated input was valid")
        #expect(report.hangs.isEmpty, "slow inputs: \(report.hangs)")
        #expect((100..<400).contains(report.slowestIteration))
        #expect(report.peakKiB > 0)
    }
}
