import DeskgymCore

/// A desktop's accessibility tree as one read saw it: the applications registered on the
/// session's AT-SPI bus and their objects, in document order.
///
/// The nodes are kept flat, in pre-order, each with its depth and its parent's index, so that
/// writing, filtering and drawing never recurse (a hostile app may serve a tree of any depth; the
/// reader stops at its depth cap, and nothing after it needs a stack as deep as the tree).
public struct AccessibilityTree: Sendable, Equatable {
    /// Every node in pre-order: a node's descendants follow it, before its next sibling.
    /// The first node, when there is one, is an application (depth 1 under the desktop).
    public var nodes: [AccessibilityNode]
    /// Whether the read stopped early (a cap or the time limit): the tree holds what was read.
    public var truncated: Bool
    /// Why the read stopped early (`node cap 20000`, `time limit 2 s`, …); nil when complete.
    public var truncation: String?

    public init(nodes: [AccessibilityNode] = [], truncated: Bool = false, truncation: String? = nil) {
        self.nodes = nodes
        self.truncated = truncated
        self.truncation = truncation
    }

    /// Whether any application on the screen exposes a tree (xterm and plain X apps do not).
    public var isEmpty: Bool { nodes.isEmpty }
}

/// One accessible object: what AT-SPI says of it, in the terms OSWorld's server writes.
public struct AccessibilityNode: Sendable, Equatable {
    /// The depth under the desktop: applications are 1, their windows 2, …
    public var depth: Int
    /// The index of the parent in ``AccessibilityTree/nodes``; nil for an application.
    public var parent: Int?
    /// The role's AT-SPI name (`push button`, `table cell`, `document spreadsheet`).
    public var role: String
    /// The accessible name; empty when the object has none.
    public var name: String
    /// The accessible description; empty when the object has none.
    public var description: String
    /// The states that hold, by their AT-SPI names without the `STATE_` prefix, lower case
    /// (`showing`, `visible`, `enabled`, `multi_line`), in AT-SPI's numeric order.
    public var states: [String]
    /// The object's attributes (toolkit, class, tag, …) in the order the app gave them.
    public var attributes: [Attribute]
    /// On-screen bounds in screen pixels; only for objects that are visible and showing and
    /// implement Component, as OSWorld's server asks.
    public var bounds: Rect?
    /// The text of a Text object (U+FFFC and U+FFFD removed, as OSWorld does); nil for others.
    public var text: String?
    /// The value of a Value object (sliders, spin buttons, scroll bars).
    public var value: Value?
    /// The object's actions (click, press, activate, …).
    public var actions: [Action]
    /// Whether the object implements the Image interface.
    public var isImage: Bool
    /// Whether the object implements the Selection interface.
    public var isSelection: Bool

    public init(
        depth: Int, parent: Int?, role: String, name: String = "", description: String = "", states: [String] = [],
        attributes: [Attribute] = [], bounds: Rect? = nil, text: String? = nil, value: Value? = nil, actions: [Action] = [],
        isImage: Bool = false, isSelection: Bool = false
    ) {
        self.depth = depth
        self.parent = parent
        self.role = role
        self.name = name
        self.description = description
        self.states = states
        self.attributes = attributes
        self.bounds = bounds
        self.text = text
        self.value = value
        self.actions = actions
        self.isImage = isImage
        self.isSelection = isSelection
    }

    /// Whether `state` (`showing`, `enabled`, …) holds.
    public func has(_ state: String) -> Bool { states.contains(state) }

    /// The attribute called `name`, if the object has it.
    public func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

    /// One name-value attribute of an object.
    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A Value object's current value and range.
    public struct Value: Sendable, Equatable {
        public var current: Double
        public var minimum: Double
        public var maximum: Double
        public var step: Double
        public init(current: Double, minimum: Double, maximum: Double, step: Double) {
            self.current = current
            self.minimum = minimum
            self.maximum = maximum
            self.step = step
        }
    }

    /// One action an object offers.
    public struct Action: Sendable, Equatable {
        /// The action's name (`click`, `press`, `activate`).
        public var name: String
        public var description: String
        /// Its key binding, empty when none.
        public var keyBinding: String
        public init(name: String, description: String = "", keyBinding: String = "") {
            self.name = name
            self.description = description
            self.keyBinding = keyBinding
        }
    }
}
