import Foundation

extension PPTXPresentation {
    /// A part of the .pptx at `url` read by its name inside the package (as OSWorld's metrics open
    /// `ppt/slides/slide1.xml` with `zipfile`, whatever the presentation's slide order); nil when the
    /// package has no such part.
    static func part(_ path: String, of url: URL) throws(OfficeFileProblem) -> XMLTreeNode? {
        try OOXMLPackage(url, kind: "pptx").part(path)
    }

    /// The transition elements PresentationML defines inside `p:transition` (ECMA-376's
    /// `CT_SlideTransition`). Others found there (PowerPoint 2010's `p14:prism`, …) are in another
    /// namespace, which a search for `p:NAME` does not find.
    static let transitionElements: Set = [
        "blinds", "checker", "circle", "comb", "cover", "cut", "diamond", "dissolve", "fade", "newsflash", "plus", "pull",
        "push", "random", "randomBar", "split", "strips", "wedge", "wheel", "wipe", "zoom", "sndAc", "stSnd", "snd", "endSnd",
        "extLst", "ext",
    ]

    /// The slide number's colour as OSWorld's `check_page_number_colors` finds it in a slide
    /// master: an `a:srgbClr` under an `a:solidFill` inside the `p:ph` of type `sldNum` (then `ftr`,
    /// `dt`) — which an empty `p:ph` never has —, else the last `a:srgbClr` in a run's `a:rPr` fill
    /// whose value is not `000000`, else the last such of all solid fills, else the last solid-fill
    /// colour. nil when there is none.
    static func slideNumberColor(master: XMLTreeNode) -> String? {
        func colors(in node: XMLTreeNode) -> [XMLTreeNode] {
            node.descendants("solidFill").flatMap { $0.descendants("srgbClr") }
        }
        let placeholders = master.descendants("ph")
        if let number = placeholders.first(where: { $0.attributes["type"] == "sldNum" }),
            let color = colors(in: number).first?.attributes["val"]
        {
            return color
        }
        for placeholder in placeholders where ["sldNum", "ftr", "dt"].contains(placeholder.attributes["type"] ?? "") {
            if let color = colors(in: placeholder).first?.attributes["val"] { return color }
        }
        let runColors = master.descendants("rPr").flatMap(colors(in:)).compactMap { $0.attributes["val"] }
        if let color = runColors.last(where: { !$0.isEmpty && $0 != "000000" }) { return color }
        let all = colors(in: master)
        if let color = all.compactMap({ $0.attributes["val"] }).last(where: { !$0.isEmpty && $0 != "000000" }) { return color }
        return all.last?.attributes["val"]
    }

    /// OSWorld's `parse_rgb`: leading `#`s dropped, six characters, each pair read by Python's
    /// `int(pair, 16)` (which also takes a sign or surrounding white space); nil otherwise.
    static func pythonRGB(_ value: String) -> [Int]? {
        let hex = Array(value.drop { $0 == "#" })
        guard hex.count == 6 else { return nil }
        var channels: [Int] = []
        for start in stride(from: 0, to: 6, by: 2) {
            var pair = String(hex[start...start + 1]).pythonStrip()
            var sign = 1
            if let first = pair.first, first == "+" || first == "-" {
                sign = first == "-" ? -1 : 1
                pair.removeFirst()
            }
            guard !pair.isEmpty, pair.utf8.allSatisfy({ $0 < 128 && Character(Unicode.Scalar($0)).isHexDigit }),
                let number = Int(pair, radix: 16)
            else { return nil }
            channels.append(sign * number)
        }
        return channels
    }
}
