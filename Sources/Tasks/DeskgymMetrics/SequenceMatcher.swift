/// The similarity of two sequences as Python's `difflib.SequenceMatcher(None, a, b).ratio()`
/// computes it, which `diff_text_file` scores with (over lines).
///
/// It is not a longest-common-subsequence measure: difflib finds the longest matching block,
/// recurses on both sides of it, and counts the matched elements, `2 * M / (len(a) + len(b))`.
/// With the default `autojunk`, when `b` has 200 or more elements, those occurring more than
/// `len(b) / 100 + 1` times are "popular" and cannot start a match (matches may still extend over
/// them). Both behaviours are reproduced, tie-breaking included, so scores agree to the last bit.
struct SequenceMatcher<Element: Hashable> {
    let a: [Element]
    let b: [Element]
    let autojunk: Bool
    /// Where each non-popular element occurs in `b`, in increasing order.
    private let positions: [Element: [Int]]

    init(_ a: [Element], _ b: [Element], autojunk: Bool = true) {
        self.a = a
        self.b = b
        self.autojunk = autojunk
        var positions: [Element: [Int]] = [:]
        for (index, element) in b.enumerated() { positions[element, default: []].append(index) }
        if autojunk && b.count >= 200 {
            let limit = b.count / 100 + 1
            positions = positions.filter { $0.value.count <= limit }
        }
        self.positions = positions
    }

    /// A matching block: `a[a..<a+size] == b[b..<b+size]`.
    struct Block: Hashable, Comparable {
        var a: Int, b: Int, size: Int
        static func < (l: Block, r: Block) -> Bool { (l.a, l.b, l.size) < (r.a, r.b, r.size) }
    }

    /// difflib's `find_longest_match(alo, ahi, blo, bhi)`: the longest block of non-popular
    /// elements, earliest in `a` then in `b`, then extended by equal elements at both ends. (No
    /// junk function is given, so only that first extension applies.)
    func longestMatch(_ alo: Int, _ ahi: Int, _ blo: Int, _ bhi: Int) -> Block {
        var bestI = alo, bestJ = blo, bestSize = 0
        var lengths: [Int: Int] = [:]
        for i in alo..<ahi {
            var next: [Int: Int] = [:]
            for j in positions[a[i]] ?? [] {
                if j < blo { continue }
                if j >= bhi { break }
                let k = (lengths[j - 1] ?? 0) + 1
                next[j] = k
                if k > bestSize {
                    bestI = i - k + 1
                    bestJ = j - k + 1
                    bestSize = k
                }
            }
            lengths = next
        }
        while bestI > alo, bestJ > blo, a[bestI - 1] == b[bestJ - 1] {
            bestI -= 1
            bestJ -= 1
            bestSize += 1
        }
        while bestI + bestSize < ahi, bestJ + bestSize < bhi, a[bestI + bestSize] == b[bestJ + bestSize] {
            bestSize += 1
        }
        return Block(a: bestI, b: bestJ, size: bestSize)
    }

    /// difflib's `get_matching_blocks()` without the final sentinel: the blocks in order.
    func matchingBlocks() -> [Block] {
        var queue = [(0, a.count, 0, b.count)]
        var blocks: [Block] = []
        while let (alo, ahi, blo, bhi) = queue.popLast() {
            let block = longestMatch(alo, ahi, blo, bhi)
            guard block.size > 0 else { continue }
            blocks.append(block)
            if alo < block.a && blo < block.b { queue.append((alo, block.a, blo, block.b)) }
            if block.a + block.size < ahi && block.b + block.size < bhi {
                queue.append((block.a + block.size, ahi, block.b + block.size, bhi))
            }
        }
        return blocks.sorted()
    }

    /// difflib's `ratio()`: `2 * matches / (len(a) + len(b))`, 1 for two empty sequences.
    func ratio() -> Double {
        let total = a.count + b.count
        guard total > 0 else { return 1 }
        let matches = matchingBlocks().reduce(0) { $0 + $1.size }
        return 2.0 * Double(matches) / Double(total)
    }
}
