import DeskgymAccessibilityTree
import Dispatch

/// Reads a desktop's accessibility tree from its AT-SPI bus, bounded in nodes, depth, width, bytes
/// and time: a read that reaches a bound returns what it has, marked truncated.
///
/// The reader speaks AT-SPI's D-Bus interfaces itself and keeps many calls in flight at once
/// (libatspi, which pyatspi and OSWorld's server use, makes one blocking round trip per property
/// of every object). See docs/accessibility.md for the measurements behind that choice.
public struct AccessibilityReader: Sendable {
    /// The bounds of one read.
    public struct Limits: Sendable, Equatable {
        /// Objects read at most (applications included).
        public var nodes: Int
        /// Depth under the desktop at most (applications are 1), as OSWorld's server's 50.
        public var depth: Int
        /// Children read of one object at most (its first ones), as OSWorld's server's 1,024.
        public var children: Int
        /// Wall time of the read at most.
        public var time: Duration
        /// Characters kept of one object's text (longer text is cut).
        public var textCharacters: Int
        /// Characters kept of a name, description or attribute value.
        public var stringCharacters: Int
        /// Characters kept in the whole tree's strings together.
        public var totalCharacters: Int
        /// Calls waiting for their reply at once. A bus's `max_replies_per_connection` bounds it:
        /// 128 is the default of buses that do not set it (at-spi-bus-launcher's).
        public var inFlight: Int

        public init(
            nodes: Int = 20_000, depth: Int = 50, children: Int = 1_024, time: Duration = .seconds(5),
            textCharacters: Int = 65_536, stringCharacters: Int = 4_096, totalCharacters: Int = 16 << 20,
            inFlight: Int = 128
        ) {
            self.nodes = nodes
            self.depth = depth
            self.children = children
            self.time = time
            self.textCharacters = textCharacters
            self.stringCharacters = stringCharacters
            self.totalCharacters = totalCharacters
            self.inFlight = inFlight
        }
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Reads the tree from the bus at `address` (`unix:path=…`), blocking the calling thread.
    public func readBlocking(busAddress address: String) throws(AccessibilityError) -> AccessibilityTree {
        let connection = try DBusConnection(address: address)
        var walk = TreeWalk(connection: connection, limits: limits)
        return walk.run()
    }

    /// Reads the tree from the bus at `address` on a thread of its own (the read blocks on the
    /// bus, which the concurrency pool's threads must not).
    public func read(busAddress address: String) async throws(AccessibilityError) -> AccessibilityTree {
        let result: Result<AccessibilityTree, AccessibilityError> = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                do throws(AccessibilityError) {
                    continuation.resume(returning: .success(try readBlocking(busAddress: address)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
