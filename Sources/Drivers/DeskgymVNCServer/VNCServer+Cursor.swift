internal import CVNCServer

extension VNCServer {
    /// An arrow pointer (black outline, white inside, hot spot at the tip) for viewers, in place of
    /// libvncserver's default small cross. `O` is outline, `.` inside, space transparent.
    static let arrow = [
        "O           ",
        "OO          ",
        "O.O         ",
        "O..O        ",
        "O...O       ",
        "O....O      ",
        "O.....O     ",
        "O......O    ",
        "O.......O   ",
        "O........O  ",
        "O.........O ",
        "O......OOOOO",
        "O...O..O    ",
        "O..OO..O    ",
        "O.O  O..O   ",
        "OO   O..O   ",
        "O     O..O  ",
        "      O..O  ",
        "       OO   ",
    ]

    /// The arrow as a libvncserver cursor, which the screen owns and frees in `rfbScreenCleanup`.
    static func makeArrowCursor() -> rfbCursorPtr? {
        let width = Int32(arrow[0].count), height = Int32(arrow.count)
        // Set source bits take the foreground colour (white), clear ones the background (black).
        let source = arrow.joined().map { $0 == "." ? "x" : " " }.joined()
        let mask = arrow.joined().map { $0 == " " ? " " : "x" }.joined()
        return source.withCString { sourcePointer in
            mask.withCString { maskPointer in
                rfbMakeXCursor(width, height, UnsafeMutablePointer(mutating: sourcePointer), UnsafeMutablePointer(mutating: maskPointer))
            }
        }
    }
}
