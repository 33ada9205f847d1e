import DeskgymCore
import DeskgymImage
import Testing

@testable import DeskgymAccessibilityTree

/// Synthetic screens for the set-of-marks tests.
enum Screen {
    static func filled(width: Int, height: Int, _ rgb: (UInt8, UInt8, UInt8) = (255, 255, 255)) -> DecodedImage {
        var rgba = [UInt8](repeating: 255, count: width * height * 4)
        for offset in stride(from: 0, to: rgba.count, by: 4) {
            rgba[offset] = rgb.0
            rgba[offset + 1] = rgb.1
            rgba[offset + 2] = rgb.2
        }
        return DecodedImage(width: width, height: height, rgba: rgba)
    }

    /// `image` with one pixel set to `rgb`.
    static func dot(_ image: DecodedImage, x: Int, y: Int, _ rgb: (UInt8, UInt8, UInt8) = (0, 0, 200)) -> DecodedImage {
        var copy = image
        let offset = (y * image.width + x) * 4
        copy.rgba[offset] = rgb.0
        copy.rgba[offset + 1] = rgb.1
        copy.rgba[offset + 2] = rgb.2
        return copy
    }

    static func rgb(_ image: DecodedImage, _ x: Int, _ y: Int) -> [UInt8] {
        let pixel = image[x: x, y: y]
        return [pixel.r, pixel.g, pixel.b]
    }

    static let red: [UInt8] = [255, 0, 0]
    static let black: [UInt8] = [0, 0, 0]
    static let white: [UInt8] = [255, 255, 255]

    static func button(_ name: String, _ bounds: Rect, text: String? = nil) -> AccessibilityNode {
        AccessibilityNode(
            depth: 2, parent: 0, role: "push button", name: name, states: ["enabled", "showing", "visible"], bounds: bounds,
            text: text)
    }

    static func tree(_ nodes: [AccessibilityNode]) -> AccessibilityTree {
        AccessibilityTree(nodes: [AccessibilityNode(depth: 1, parent: nil, role: "application", name: "app")] + nodes)
    }
}

@Suite struct SetOfMarksTests {
    @Test func numbersTheBoxesThatShowSomething() {
        var screen = Screen.filled(width: 200, height: 100)
        screen = Screen.dot(screen, x: 20, y: 15)
        screen = Screen.dot(screen, x: 120, y: 15)
        let tree = Screen.tree([
            Screen.button("A", Rect(x: 10, y: 10, width: 40, height: 20), text: "say \"a\""),
            Screen.button("Blank", Rect(x: 60, y: 10, width: 40, height: 20)),
            Screen.button("C", Rect(x: 110, y: 10, width: 40, height: 20)),
            AccessibilityNode(
                depth: 2, parent: 0, role: "panel", name: "not markable", states: ["enabled", "showing", "visible"],
                bounds: Rect(x: 110, y: 50, width: 40, height: 20)),
        ])
        let marks = SetOfMarks(tree: tree, screenshot: screen)
        #expect(marks.marks.map(\.number) == [1, 2])
        #expect(marks.marks.map(\.name) == ["A", "C"])
        #expect(marks.marks.map(\.node) == [1, 3])
        #expect(marks.marks[0].tag == "push-button")
        #expect(marks.marks[0].text == "say \"a\"")
        #expect(marks.marks[0].bounds == Rect(x: 10, y: 10, width: 40, height: 20))
        #expect(marks.table == "index\ttag\tname\ttext\n1\tpush-button\tA\t\"say \"\"a\"\"\"\n2\tpush-button\tC\t\"\"")

        let image = marks.image
        // The outline covers x...x+width and y...y+height, as PIL's rectangle does.
        for (x, y) in [(10, 10), (30, 10), (50, 10), (50, 20), (10, 20), (110, 10), (150, 10)] {
            #expect(Screen.rgb(image, x, y) == Screen.red, "(\(x), \(y))")
        }
        #expect(Screen.rgb(image, 11, 11) == Screen.white)
        #expect(Screen.rgb(image, 51, 10) == Screen.white)
        // The uniform box is left alone.
        #expect(Screen.rgb(image, 60, 10) == Screen.white)
        #expect(Screen.rgb(image, 100, 30) == Screen.white)
        // Label "1": bottom-left at (10, 30), 7 × 9 pixels at scale 1, digit pixels white.
        let label = (left: 10, top: 22, right: 16, bottom: 30)
        var whites = 0
        for y in label.top...label.bottom {
            for x in label.left...label.right {
                let pixel = Screen.rgb(image, x, y)
                #expect(pixel == Screen.black || pixel == Screen.white)
                if pixel == Screen.white { whites += 1 }
            }
        }
        #expect(whites == SetOfMarks.Canvas.digitRows[1].reduce(0) { $0 + $1.nonzeroBitCount })
        #expect(Screen.rgb(image, 13, 23) == Screen.white)  // the top of the 1's stem
        #expect(Screen.rgb(image, label.left, label.top) == Screen.black)
        #expect(Screen.rgb(image, label.right + 1, label.bottom) == Screen.red)  // the bottom edge goes on
        #expect(Screen.rgb(image, label.left, label.top - 1) == Screen.red)  // the left edge above it
    }

    @Test func clipsToTheImageAndCountsOffImagePixelsAsBlack() {
        let screen = Screen.filled(width: 200, height: 100)
        let tree = Screen.tree([
            // White on screen, black (PIL's padding) off it: two colours, so marked.
            Screen.button("Spills", Rect(x: 180, y: 80, width: 50, height: 50)),
            // Wholly off the image: only padding, skipped.
            Screen.button("Off", Rect(x: 300, y: 10, width: 10, height: 10)),
            // At the top-left corner: its label pokes above the image.
            Screen.button("Corner", Rect(x: 0, y: 0, width: 20, height: 5)),
        ])
        let marks = SetOfMarks(tree: tree, screenshot: Screen.dot(screen, x: 2, y: 2))
        #expect(marks.marks.map(\.name) == ["Spills", "Corner"])
        let image = marks.image
        #expect(Screen.rgb(image, 199, 80) == Screen.red)
        #expect(Screen.rgb(image, 180, 99) == Screen.red)
        #expect(Screen.rgb(image, 181, 81) == Screen.white)
        // The corner's label (7 × 9) is cut at the top; the box's top edge goes on past it.
        #expect(Screen.rgb(image, 0, 0) == Screen.black)
        #expect(Screen.rgb(image, 6, 0) == Screen.black)
        #expect(Screen.rgb(image, 7, 0) == Screen.red)
        #expect(Screen.rgb(image, 20, 0) == Screen.red)
        #expect(Screen.rgb(image, 21, 0) == Screen.white)
    }

    @Test func labelsScaleWithTheImage() {
        for (width, scale) in [(1280, 2), (1920, 2), (2560, 3)] {
            let height = width * 9 / 16
            let screen = Screen.dot(Screen.filled(width: width, height: height), x: 150, y: 150)
            let box = Rect(x: 100, y: 100, width: 200, height: 100)
            let image = SetOfMarks(tree: Screen.tree([Screen.button("B", box)]), screenshot: screen).image
            let bottom = box.y + box.height
            var labelHeight = 0
            while Screen.rgb(image, box.x + box.width / 2 - 60, bottom - labelHeight) != Screen.white { labelHeight += 1 }
            let thickness = max(1, width / 1280)
            #expect(Screen.rgb(image, box.x + thickness, box.y + thickness) == Screen.white, "\(width)")
            #expect(Screen.rgb(image, box.x + thickness - 1, box.y + thickness - 1) == Screen.red, "\(width)")
            // Column x+(width/2-60) is past the label: only the outline's bottom rows are coloured.
            #expect(labelHeight == thickness, "\(width)")
            var labelRows = 0
            while Screen.rgb(image, box.x + 2 * thickness, bottom - labelRows) == Screen.black { labelRows += 1 }
            #expect(labelRows == 9 * scale, "\(width)")
        }
    }

    @Test func downSamplingScalesTheImageAndTheBoxes() {
        let screen = Screen.dot(Screen.filled(width: 400, height: 200), x: 50, y: 50)
        let tree = Screen.tree([Screen.button("B", Rect(x: 21, y: 21, width: 101, height: 61))])
        let marks = SetOfMarks(tree: tree, screenshot: screen, downSampling: 0.5)
        #expect(marks.image.width == 200 && marks.image.height == 100)
        #expect(marks.marks.first?.bounds == Rect(x: 21, y: 21, width: 101, height: 61))
        #expect(marks.marks.first?.box == Rect(x: 10, y: 10, width: 50, height: 30))
        #expect(Screen.rgb(marks.image, 60, 10) == Screen.red)
        for ratio in [0, -1, .nan, .infinity, 1e-9] {
            #expect(SetOfMarks(tree: tree, screenshot: screen, downSampling: ratio).image.width == 400, "\(ratio)")
        }
    }

    @Test func hostileBoundsDoNotTrap() {
        let screen = Screen.filled(width: 64, height: 64)
        let tree = Screen.tree([
            Screen.button("Huge", Rect(x: Int.max - 1, y: Int.max - 1, width: Int.max, height: Int.max)),
            Screen.button("Wide", Rect(x: 0, y: 0, width: Int.max, height: Int.max)),
        ])
        let marks = SetOfMarks(tree: tree, screenshot: screen, downSampling: 0.5)
        #expect(marks.marks.map(\.name) == ["Wide"])
        _ = tree.osworldXML()
    }
}

@Suite struct LargeTreeTests {
    /// 50,000 nodes, each the child of the one before: a recursive writer or walker would run
    /// out of stack long before the end.
    @Test func fiftyThousandNestedNodesNeedNoRecursion() {
        let count = 50_000
        var nodes: [AccessibilityNode] = []
        nodes.reserveCapacity(count)
        for index in 0..<count {
            nodes.append(
                AccessibilityNode(
                    depth: index + 1, parent: index == 0 ? nil : index - 1, role: index == 0 ? "application" : "push button",
                    name: "b\(index)", states: ["enabled", "showing", "visible"],
                    bounds: Rect(x: (index * 7) % 1270, y: (index * 13) % 710, width: 8, height: 8)))
        }
        let tree = AccessibilityTree(nodes: nodes)
        let xml = tree.osworldXML()
        #expect(xml.hasSuffix(String(repeating: "</push-button>", count: count - 2) + "</application></desktop-frame>"))
        let table = tree.linearized()
        #expect(table.split(separator: "\n").count == count)
        // A checkerboard: every box shows two colours.
        var rgba = [UInt8](repeating: 255, count: 1280 * 720 * 4)
        for offset in stride(from: 0, to: rgba.count, by: 8) { rgba[offset] = 0 }
        let marks = SetOfMarks(tree: tree, screenshot: DecodedImage(width: 1280, height: 720, rgba: rgba))
        // Boxes overlap heavily, and a box an earlier label blacked out is skipped, as in OSWorld.
        #expect(!marks.marks.isEmpty && marks.marks.count <= count - 1)
        #expect(marks.marks.map(\.number) == Array(1...max(1, marks.marks.count)))
    }
}
