/// Where a slide placeholder's missing position and size come from: the layout's placeholder with
/// the same idx, which in turn (when it is a `p:sp`) takes its own missing values from the master's
/// placeholder of the corresponding type.
struct PPTXPlaceholderInheritance {
    let layout: XMLTreeNode?
    let master: XMLTreeNode?

    /// python-pptx's LayoutPlaceholder._base_placeholder mapping of layout types to master types.
    static let masterType: [String: String] = [
        "body": "body", "chart": "body", "clipArt": "body", "ctrTitle": "title", "dgm": "body", "dt": "dt", "ftr": "ftr",
        "media": "body", "obj": "body", "pic": "body", "sldNum": "sldNum", "subTitle": "body", "tbl": "body", "title": "title",
    ]

    func layoutGeometry(idx: Int) -> (Int?, Int?, Int?, Int?) {
        let candidates = (layout?.child("cSld")?.child("spTree")?.children ?? []).filter {
            PPTXSlideReader.shapeElements.contains($0.name)
        }
        guard
            let base = candidates.first(where: { element in
                element.children.first?.child("nvPr")?.child("ph").map { Int($0.attributes["idx"] ?? "0") ?? 0 } == idx
            })
        else { return (nil, nil, nil, nil) }
        var geometry = PPTXSlideReader.geometry(base)
        let type = base.children.first?.child("nvPr")?.child("ph")?.attributes["type"] ?? "obj"
        guard base.name == "sp", let wanted = Self.masterType[type] else { return geometry }
        let masterBase = (master?.child("cSld")?.child("spTree")?.children ?? []).first { element in
            element.children.first?.child("nvPr")?.child("ph").map { ($0.attributes["type"] ?? "obj") == wanted } ?? false
        }
        if let masterBase {
            let inherited = PPTXSlideReader.geometry(masterBase)
            geometry = (geometry.0 ?? inherited.0, geometry.1 ?? inherited.1, geometry.2 ?? inherited.2, geometry.3 ?? inherited.3)
        }
        return geometry
    }
}
