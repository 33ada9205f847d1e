import DeskgymActions
import DeskgymAgents
import DeskgymCore
import Testing

@Suite struct CoordinateModeTests {
    @Test(arguments: ["uitars", "qwen_computer_use"], CoordinateMode.allCases)
    func aGrammarSetUpInAModeReportsIt(_ grammar: String, _ mode: CoordinateMode) throws {
        let setup = try GrammarSetup(name: grammar, coordinates: mode, agent: "test")
        #expect(CoordinateMode(of: try setup.grammar(for: TestSupport.screen, agent: "test")) == mode)
    }

    @Test func grammarsInScreenPixelsHaveNoMode() throws {
        for name in ActionGrammars.names where name != "uitars" && name != "qwen_computer_use" {
            let setup = try GrammarSetup(name: name, coordinates: .absolute, agent: "test")
            #expect(CoordinateMode(of: try setup.grammar(for: TestSupport.screen, agent: "test")) == nil, "\(name)")
        }
    }

    @Test func modeOfGrammarsMadeDirectly() {
        #expect(
            CoordinateMode(of: UITARSGrammar(screen: TestSupport.screen, coordinates: .absolute(imageSize: Size(width: 1288, height: 728))))
                == .absolute)
        #expect(CoordinateMode(of: QwenComputerUseGrammar()) == .relative)
        #expect(CoordinateMode(of: PyAutoGUIGrammar()) == nil)
    }
}
