/// The caller's pixels, lent for the duration of one `encode` call.
struct FrameSource {
    let base: UnsafeRawPointer
    let layout: FrameLayout

    @inline(__always)
    func row(_ y: Int) -> UnsafeRawPointer {
        base + y * layout.bytesPerLine
    }
}
