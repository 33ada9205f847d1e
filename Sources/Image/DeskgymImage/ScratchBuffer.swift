/// A reusable raw byte buffer that only grows.
///
/// Workers fill the same buffers frame after frame, so their pages stay mapped and warm; a fresh
/// allocation of a few hundred kilobytes per band would be served by `mmap` and page-fault on every use.
final class ScratchBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int

    init(capacity: Int = 0) {
        self.capacity = max(capacity, 16)
        base = .allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    /// Makes room for at least `count` bytes; the contents are kept only if `preserving` is set.
    func reserve(_ count: Int, preserving: Bool = false) {
        guard count > capacity else { return }
        let grown = max(count, capacity + capacity / 2)
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
        if preserving {
            fresh.copyMemory(from: base, byteCount: capacity)
        }
        base.deallocate()
        base = fresh
        capacity = grown
    }
}
