import DeskgymSandbox
import Foundation
import Testing

/// The repository's `vm-configs` folder, found from this file (symlinks resolved, so the tests also
/// run from a package that links this file in).
private let vmConfigs = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("vm-configs")

/// Parses `yaml`, expecting failure, and returns the error.
private func failure(
    _ yaml: String, source: String = "/cfg/test.yaml",
    sourceLocation: SourceLocation = #_sourceLocation
) -> VMConfigError? {
    do {
        let config = try VMConfig.parse(yaml: yaml, source: source)
        Issue.record("expected an error, got \(config)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

@Suite("VMConfig")
struct VMConfigTests {
    @Test("vm-configs/default.yaml parses to the documented desktop")
    func defaultFileParses() throws {
        let url = vmConfigs.appendingPathComponent("default.yaml")
        let config = try VMConfig.load(from: url)
        #expect(config.kind == .xvfb)
        #expect(config.name == "default")
        #expect(config.screen == VMConfig.Screen(width: 1920, height: 1080, depth: 24))
        #expect(config.glx == false)
        #expect(config.windowManager == "openbox")
        #expect(config.apps.map(\.command) == ["xterm"])
        #expect(config.apps.first?.waitForWindow == "Terminal")
        #expect(config.env["LANG"] == "C.UTF-8")
        #expect(
            config.settle
                == VMConfig.Settle(
                    quiet: .milliseconds(20), maximum: .milliseconds(2000),
                    idle: .milliseconds(200), idleMaximum: .milliseconds(3000), signals: .all))
        #expect(config.source == url.path)
        let home = try #require(config.homeTemplate)
        #expect(home == vmConfigs.appendingPathComponent("home/default").standardizedFileURL.path)
        #expect(FileManager.default.fileExists(atPath: home + "/.Xresources"))
        #expect(FileManager.default.fileExists(atPath: home + "/Desktop/.keep"))
    }

    @Test("every xvfb vm-config in the repository loads; osworld.yaml is OSWorld's 1920x1080 desktop with no app open")
    func everyBundledConfigLoads() throws {
        // The -example files name a disk image or VNC server of the reader's own.
        let names = try FileManager.default.contentsOfDirectory(atPath: vmConfigs.path)
            .filter { $0.hasSuffix(".yaml") && !$0.contains("-example") }.sorted()
        #expect(names.contains("osworld.yaml") && names.count >= 5)
        for name in names {
            let config = try VMConfig.load(from: vmConfigs.appendingPathComponent(name))
            #expect(config.name + ".yaml" == name)
        }
        let osworld = try VMConfig.load(from: vmConfigs.appendingPathComponent("osworld.yaml"))
        #expect(osworld.kind == .xvfb && osworld.apps.isEmpty)
        #expect(osworld.screen == VMConfig.Screen(width: 1920, height: 1080, depth: 24))
        #expect(osworld.env["SAL_USE_VCLPLUGIN"] == "gen")
    }

    @Test("network: none (the default) or nat, for a sandboxed xvfb desktop")
    func network() throws {
        #expect(VMConfig.default.network == .none)
        #expect(try VMConfig.parse(yaml: "kind: xvfb\nnetwork: nat\n", source: "a.yaml").network == .nat)
        #expect(try VMConfig.parse(yaml: "kind: xvfb\nnetwork: none\n", source: "a.yaml").network == .none)
    }

    @Test("settle.signals names the evidence a step waits for; damage is always among them")
    func settleSignals() throws {
        #expect(VMConfig.default.settle.signals == .all)
        let damageOnly = try VMConfig.parse(yaml: "kind: xvfb\nsettle: {signals: [damage]}\n", source: "a.yaml")
        #expect(damageOnly.settle.signals == .damage && damageOnly.settle.policy.signals == .damage)
        let two = try VMConfig.parse(yaml: "kind: xvfb\nsettle: {signals: [idle, damage]}\n", source: "a.yaml")
        #expect(two.settle.signals == [.idle, .damage])
        #expect(failure("kind: xvfb\nsettle: {signals: [input]}\n")?.message.contains("must include damage") == true)
        #expect(failure("kind: xvfb\nsettle: {signals: [damage, pixels]}\n")?.message.contains("unknown signal 'pixels'") == true)
    }

    @Test("VMConfig.default is 1920x1080x24 with openbox and no apps")
    func builtInDefault() {
        let config = VMConfig.default
        #expect(config.kind == .xvfb)
        #expect(config.screen.description == "1920x1080x24")
        #expect(config.screen.size.width == 1920 && config.screen.size.height == 1080)
        #expect(config.windowManager == "openbox")
        #expect(config.apps.isEmpty)
        #expect(config.homeTemplate == nil)
        #expect(config.glx == false)
    }

    @Test("only kind is required; everything else takes its default, the name from the file")
    func minimalConfig() throws {
        let config = try VMConfig.parse(yaml: "kind: xvfb\n", source: "/somewhere/mine.yml")
        #expect(config.name == "mine")
        #expect(config.screen == VMConfig.Screen())
        #expect(config.windowManager == "openbox")
        #expect(config.windowManagerArgs.isEmpty && config.apps.isEmpty && config.env.isEmpty && config.xvfbArgs.isEmpty)
        #expect(config.settle == VMConfig.Settle())
    }

    @Test("vnc and qemu are known kinds, each with its own section")
    func laterKinds() throws {
        #expect(try VMConfig.parse(yaml: "kind: vnc\nvnc: {port: 5901}", source: "a.yaml").kind == .vnc)
        #expect(throws: VMConfigError.self) { try VMConfig.parse(yaml: "kind: vnc", source: "a.yaml") }
        #expect(try VMConfig.parse(yaml: "kind: qemu\nqemu: {image: /bin/sh}", source: "a.yaml").kind == .qemu)
    }

    @Test("a vnc desktop whose commands and files go through a guest agent: the socket implies the channel, home is the guest's")
    func vncGuestAgent() throws {
        let config = try VMConfig.parse(
            yaml: "kind: vnc\nvnc: {port: 5901, guest_agent: run/qga.sock, home: /home/alice}",
            source: "/etc/deskgym/a.yaml")
        let vnc = try #require(config.vnc)
        #expect(vnc.commands == .guestAgent)
        #expect(vnc.guestAgent == "/etc/deskgym/run/qga.sock", "relative to the config's folder")
        #expect(vnc.home == "/home/alice", "a guest path, not checked on this machine")
        let qemu = try VMConfig.parse(yaml: "kind: qemu\nqemu: {image: /bin/sh, guest_display: \":1\"}", source: "b.yaml").qemu
        #expect(qemu?.guestDisplay == ":1")
        #expect(try VMConfig.parse(yaml: "kind: qemu\nqemu: {image: /bin/sh}", source: "b.yaml").qemu?.guestDisplay == ":0")
    }

    @Test(
        "screen accepts the string forms WxHxD and WxH",
        arguments: [
            ("1280x720x16", VMConfig.Screen(width: 1280, height: 720, depth: 16)),
            ("800x600", VMConfig.Screen(width: 800, height: 600, depth: 24)),
            ("\"1024X768x24\"", VMConfig.Screen(width: 1024, height: 768, depth: 24)),
        ])
    func screenStringForm(text: String, expected: VMConfig.Screen) throws {
        let config = try VMConfig.parse(yaml: "kind: xvfb\nscreen: \(text)\n", source: "s.yaml")
        #expect(config.screen == expected)
    }

    @Test("apps: bare strings and mappings, every field")
    func apps() throws {
        let yaml = """
            kind: xvfb
            window_manager: none
            glx: yes
            apps:
              - xclock
              - command: xterm
                args: [-geometry, 80x24, 96]
                name: term
                wait_for_window: XTerm
            xvfb_args: [-dpi, 96]
            env: {FOO: bar, N: 3}
            """
        let config = try VMConfig.parse(yaml: yaml, source: "apps.yaml")
        #expect(config.windowManager == nil)
        #expect(config.glx)
        #expect(
            config.apps == [
                VMConfig.App(command: "xclock"),
                VMConfig.App(command: "xterm", args: ["-geometry", "80x24", "96"], name: "term", waitForWindow: "XTerm"),
            ])
        #expect(config.apps[0].displayName == "xclock" && config.apps[1].displayName == "term")
        #expect(config.xvfbArgs == ["-dpi", "96"])
        #expect(config.env == ["FOO": "bar", "N": "3"])
    }

    @Test("null lists are empty")
    func nullLists() throws {
        let config = try VMConfig.parse(yaml: "kind: xvfb\napps:\nenv: ~\nxvfb_args: null\n", source: "n.yaml")
        #expect(config.apps.isEmpty && config.env.isEmpty && config.xvfbArgs.isEmpty)
    }

    // MARK: Unknown fields

    @Test("an unknown field in an app names the file, line, path and closest field")
    func unknownNestedField() throws {
        let yaml = """
            kind: xvfb
            apps:
              - xterm
              - comand: xclock
            """
        let error = try #require(failure(yaml, source: "/cfg/typo.yaml"))
        #expect(error.path == "apps[1].comand")
        #expect(error.line == 4)
        #expect(
            error.problem
                == .unknownField(
                    field: "comand", suggestion: "command",
                    known: ["command", "args", "name", "wait_for_window"]))
        #expect(error.description == "/cfg/typo.yaml:4:5: apps[1].comand: unknown field 'comand' (did you mean 'command'?)")
    }

    @Test(
        "unknown fields get suggestions at every level",
        arguments: [
            ("kind: xvfb\nscreen: {widht: 10}\n", "screen.widht", "width", 2),
            ("kind: xvfb\nwindowManager: none\n", "windowManager", "window_manager", 2),
            ("kind: xvfb\nsettle:\n  quiet: 10\n", "settle.quiet", "quiet_ms", 3),
            ("kinds: xvfb\n", "kinds", "kind", 1),
        ])
    func unknownFieldSuggestions(yaml: String, path: String, suggestion: String, line: Int) throws {
        let error = try #require(failure(yaml))
        #expect(error.path == path)
        #expect(error.line == line)
        #expect(error.description.contains("did you mean '\(suggestion)'?"))
    }

    @Test("an unknown field with nothing close lists the known fields")
    func unknownFieldWithoutSuggestion() throws {
        let error = try #require(failure("kind: xvfb\nzzzzzzzz: 1\n"))
        #expect(error.path == "zzzzzzzz")
        #expect(error.message.hasPrefix("unknown field 'zzzzzzzz' (known fields: kind, name, screen, glx, accessibility, window_manager"))
    }

    // MARK: Wrong types

    @Test("a wrong type names the field, the expected type and what was found")
    func wrongTypeWidth() throws {
        let error = try #require(failure("kind: xvfb\nscreen:\n  width: wide\n", source: "/cfg/w.yaml"))
        #expect(error.problem == .wrongType(expected: "an integer", found: "\"wide\""))
        #expect(error.description == "/cfg/w.yaml:3:10: screen.width: expected an integer, found \"wide\"")
    }

    @Test(
        "wrong types everywhere",
        arguments: [
            ("kind: xvfb\napps: {command: xterm}\n", "apps", "expected a list of apps, found a mapping"),
            ("kind: xvfb\napps: [[xterm]]\n", "apps[0]", "found a list"),
            ("kind: xvfb\napps: [{command: xterm, args: x}]\n", "apps[0].args", "expected a list of strings, found \"x\""),
            ("kind: xvfb\nglx: maybe\n", "glx", "expected true or false, found \"maybe\""),
            ("kind: xvfb\nname:\n", "name", "expected a string, found null"),
            ("kind: xvfb\nsettle: {quiet_ms: [1]}\n", "settle.quiet_ms", "expected an integer, found a list"),
            ("kind: docker\n", "kind", "expected one of xvfb, vnc, qemu, found \"docker\""),
            ("kind: xvfb\nscreen: [1, 2]\n", "screen", "found a list"),
            ("kind: xvfb\nenv: {A: [1]}\n", "env.A", "expected a string, found a list"),
            ("- kind: xvfb\n", "", "expected a mapping, found a list"),
        ])
    func wrongTypes(yaml: String, path: String, fragment: String) throws {
        let error = try #require(failure(yaml))
        #expect(error.path == path)
        #expect(error.description.contains(fragment), "\(error)")
        #expect(error.line != nil)
    }

    // MARK: Invalid values

    @Test(
        "invalid values are refused with the field and the reason",
        arguments: [
            ("kind: xvfb\nscreen: {width: 0, height: 10}\n", "screen.width", "width must be between 1 and 32767, found 0", 2),
            ("kind: xvfb\nscreen:\n  depth: 15\n", "screen.depth", "depth 15 is not supported (use 16 or 24)", 3),
            ("kind: xvfb\nscreen: 1920x1080x15\n", "screen", "depth 15 is not supported", 2),
            ("kind: xvfb\nscreen: big\n", "screen", "expected WIDTHxHEIGHT or WIDTHxHEIGHTxDEPTH", 2),
            ("kind: xvfb\nsettle: {quiet_ms: -5}\n", "settle.quiet_ms", "must be between 0 and 3600000, found -5", 2),
            ("kind: xvfb\nsettle: {quiet_ms: 50, max_ms: 10}\n", "settle.max_ms", "max_ms (10) must not be less than quiet_ms (50)", 2),
            ("kind: xvfb\nsettle: {idle_ms: -1}\n", "settle.idle_ms", "must be between 0 (no wait) and 3600000, found -1", 2),
            (
                "kind: xvfb\nsettle: {idle_ms: 500, idle_max_ms: 100}\n", "settle.idle_max_ms",
                "idle_max_ms (100) must not be less than idle_ms (500)", 2
            ),
            ("kind: xvfb\napps: [\"xterm -fa Mono\"]\n", "apps[0]", "write {command: xterm, args: [-fa, Mono]}", 2),
            ("kind: xvfb\nwindow_manager: \"\"\n", "window_manager", "must not be empty", 2),
            ("kind: xvfb\nenv: {DISPLAY: \":1\"}\n", "env.DISPLAY", "set by the session", 2),
            ("kind: xvfb\nenv: {\"A-B\": x}\n", "env.A-B", "not a valid variable name", 2),
            ("kind: vnc\nvnc: {commands: local, guest_agent: /run/qga.sock}\n", "vnc.guest_agent", "commands is local", 2),
            ("kind: vnc\nvnc: {commands: guest_agent}\n", "vnc.commands", "needs vnc.guest_agent", 2),
            ("kind: vnc\nvnc: {guest_agent: /run/qga.sock, home: user}\n", "vnc.home", "absolute path in the guest", 2),
            ("kind: qemu\nqemu: {image: /bin/sh, guest_display: zero}\n", "qemu.guest_display", "like \":0\"", 2),
            ("kind: xvfb\nsandbox: none\nnetwork: nat\n", "network", "applies to sandbox: namespaces", 3),
            ("kind: xvfb\nnetwork: bridge\n", "network", "expected one of none, nat, found \"bridge\"", 2),
            ("kind: vnc\nnetwork: nat\n", "network", "applies to kind xvfb only", 2),
        ])
    func invalidValues(yaml: String, path: String, fragment: String, line: Int) throws {
        let error = try #require(failure(yaml))
        #expect(error.path == path)
        #expect(error.message.contains(fragment), "\(error)")
        #expect(error.line == line)
    }

    @Test("missing kind, and an empty file, name the required field")
    func missingKind() throws {
        let error = try #require(failure("name: x\n"))
        #expect(error.problem == .missingField(field: "kind"))
        #expect(error.line == 1)
        let empty = try #require(failure(""))
        #expect(empty.description == "/cfg/test.yaml: missing required field 'kind'")
        let app = try #require(failure("kind: xvfb\napps:\n  - args: [a]\n"))
        #expect(app.path == "apps[0]" && app.problem == .missingField(field: "command"))
    }

    @Test("a YAML syntax error carries its line")
    func syntaxError() throws {
        let error = try #require(failure("kind: xvfb\nscreen: {width: 1\napps: [\n"))
        guard case .syntax = error.problem else {
            Issue.record("expected a syntax error, got \(error)")
            return
        }
        #expect(error.line != nil)
        #expect(error.description.hasPrefix("/cfg/test.yaml:"))
        #expect(error.description.contains("invalid YAML"))
    }

    @Test("a duplicated field is an error")
    func duplicateField() throws {
        let error = try #require(failure("kind: xvfb\nglx: true\nglx: false\n"))
        #expect(error.problem == .duplicateField(field: "glx"))
        #expect(error.line == 2)
    }

    @Test("a missing file is an error naming the path")
    func missingFile() throws {
        let url = URL(fileURLWithPath: "/nonexistent-deskgym/vm.yaml")
        #expect(throws: VMConfigError(source: url.path, problem: .fileNotFound)) {
            try VMConfig.load(from: url)
        }
        do {
            _ = try VMConfig.load(from: url)
        } catch {
            #expect(error.description == "/nonexistent-deskgym/vm.yaml: config file not found")
        }
    }

    @Test("home_template resolves against the config's folder and must exist")
    func homeTemplate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vmcfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("homes/a"),
            withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("env.yaml")
        try "kind: xvfb\nhome_template: homes/a\n".write(to: file, atomically: true, encoding: .utf8)
        let config = try VMConfig.load(from: file)
        #expect(config.homeTemplate == folder.appendingPathComponent("homes/a").standardizedFileURL.path)
        #expect(config.name == "env")

        try "kind: xvfb\n\nhome_template: homes/b\n".write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try VMConfig.load(from: file)
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "home_template")
            #expect(error.line == 3)
            #expect(error.message.hasPrefix("folder not found: "))
            #expect(error.message.hasSuffix("homes/b"))
            #expect(error.source == file.path)
        }
    }
}
