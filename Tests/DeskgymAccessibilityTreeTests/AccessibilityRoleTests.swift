import Testing

@testable import DeskgymAccessibilityTree

@Suite struct AccessibilityRoleTests {
    @Test func rolesAndStatesUseLibatspiNames() {
        #expect(AccessibilityRole.name(43) == "push button")
        #expect(AccessibilityRole.name(92) == "document spreadsheet")
        #expect(AccessibilityRole.name(9_999) == "unknown")
        // showing (25), visible (30) in the low word; checkable (41) in the high word.
        let states = AccessibilityRole.states(low: 1 << 25 | 1 << 30 | 1 << 8, high: 1 << (41 - 32))
        #expect(states == ["enabled", "showing", "visible", "checkable"])
    }
}
