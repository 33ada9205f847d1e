import DeskgymActions
import DeskgymCore
import DeskgymSandbox
import DeskgymServer
import DeskgymTaskModel
import Foundation

extension FuzzTarget {
    /// Every parser that reads text from outside: the six action grammars (a model's answer), OSWorld
    /// task files, vm-config YAML, the server's request bodies and DeskgymCore's JSON reader.
    public static let all: [FuzzTarget] = grammars + [taskJSON, vmConfig, requestBody, jsonReader]

    /// The target called `name`, or nil.
    public static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }

    /// The action grammars as the server and the agents set them up, for a 1920x1080 screen whose
    /// screenshots the model sees at 1280x720 (so that the scaling paths run too).
    static let grammars: [FuzzTarget] = ActionGrammars.names.map { name in
        let screen = Size(width: 1920, height: 1080), image = Size(width: 1280, height: 720)
        // The names come from the list that `configured` looks them up in, and the sizes are fixed.
        let grammar = (try? ActionGrammars.configured(name, screen: screen, image: image)) ?? PyAutoGUIGrammar()
        let corpus = FuzzCorpus.grammars[name] ?? []
        let structure: Structure = [PyAutoGUIGrammar.name, UITARSGrammar.name].contains(name) ? .python : .json
        return FuzzTarget(
            name: name, structure: structure, corpus: corpus, frames: FuzzCorpus.frames[name] ?? ["§"],
            words: FuzzCorpus.grammarWords[name] ?? []
        ) { bytes in
            (try? grammar.parse(String(decoding: bytes, as: UTF8.self))) == nil ? .refused : .accepted
        }
    }

    /// `OSWorldTask.parse(data:source:)`: a task file's bytes, with the line-and-column search its
    /// errors run.
    static let taskJSON = FuzzTarget(
        name: "task_json", structure: .json, corpus: FuzzCorpus.tasks, words: FuzzCorpus.taskWords
    ) { bytes in
        (try? OSWorldTask.parse(data: Data(bytes), source: "fuzz.json")) == nil ? .refused : .accepted
    }

    /// `VMConfig.parse(yaml:source:baseDirectory:)`, with relative paths resolved under a folder that
    /// does not exist.
    static let vmConfig = FuzzTarget(
        name: "vm_config", structure: .yaml, corpus: FuzzCorpus.vmConfigs, words: FuzzCorpus.vmConfigWords
    ) { bytes in
        let base = URL(fileURLWithPath: "/nonexistent/deskgym-fuzz")
        let config = try? VMConfig.parse(yaml: String(decoding: bytes, as: UTF8.self), source: "fuzz.yaml", baseDirectory: base)
        return config == nil ? .refused : .accepted
    }

    /// The server's request bodies: each input is read as the body of every route in
    /// ``RequestBodyCheck/Route`` (accepted when any route takes it).
    static let requestBody = FuzzTarget(
        name: "request_body", structure: .json, corpus: FuzzCorpus.requestBodies, words: FuzzCorpus.requestWords
    ) { bytes in
        var accepted = false
        for route in RequestBodyCheck.Route.allCases {
            do {
                try RequestBodyCheck.check(bytes, as: route)
                accepted = true
            } catch {}
        }
        return accepted ? .accepted : .refused
    }

    /// DeskgymCore's strict JSON reader (`JSONValue(parsingJSON:)`).
    static let jsonReader = FuzzTarget(
        name: "json_reader", structure: .json, corpus: FuzzCorpus.tasks + FuzzCorpus.requestBodies + FuzzCorpus.json,
        words: FuzzCorpus.taskWords
    ) { bytes in
        (try? JSONReader.parse(bytes)) == nil ? .refused : .accepted
    }
}
