import DeskgymTaskModel
import Foundation

extension GetterRunner {
    /// `vm_wallpaper`: the image file the desktop's wallpaper setting names, copied into the cache
    /// as `dest` — OSWorld reads GNOME's `org.gnome.desktop.background picture-uri`.
    ///
    /// Here the desktop that keeps a wallpaper setting is PCManFM's (`pcmanfm --desktop`, which
    /// `pcmanfm --set-wallpaper` and its Desktop Preferences change): its
    /// `~/.config/pcmanfm/PROFILE/desktop-items-0.conf` names the file (`wallpaper=`, or
    /// `wallpaper0=` for per-desktop wallpapers), the profile `default` first. A session without
    /// that setting, or whose wallpaper mode is a plain colour, has no wallpaper file: `nil`,
    /// scored 0 (OSWorld hands the metric an empty file then).
    ///
    /// In a guest (a VM's desktop) the setting is GNOME's, as in OSWorld: `gsettings get
    /// org.gnome.desktop.background picture-uri` run there, and the file it names read from there.
    static func wallpaper(_ spec: GetterSpec, context: TaskContext) async throws -> GetterValue {
        let dest = try field(spec, "dest")
        let path: String
        if context.session.usesGuestAgent {
            let result = try await context.session.run(
                program: "gsettings", arguments: ["get", "org.gnome.desktop.background", "picture-uri"],
                timeout: .seconds(20))
            guard result.exitCode == 0, let named = gnomePicturePath(result.stdout) else { return .file(nil) }
            path = named
        } else {
            guard
                let image = pcmanfmWallpaper(
                    home: context.session.home, programHome: context.session.programHome, environment: context.session.environment)
            else {
                return .file(nil)
            }
            path = context.session.hostPath(forProgramPath: image.path)
        }
        try FileManager.default.createDirectory(at: context.cacheFolder, withIntermediateDirectories: true)
        let copy = context.cacheFolder.appendingPathComponent(dest)
        return .file(try await context.session.copyFile(fromDesktop: path, to: copy) ? copy : nil)
    }

    /// The file path in what `gsettings get … picture-uri` prints: `'file:///usr/share/…jpg'`
    /// (quoted, percent-encoded); nil for an empty setting or a URI that is not a file's.
    static func gnomePicturePath(_ printed: String) -> String? {
        var text = printed.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") { text = String(text.dropFirst().dropLast()) }
        if text.hasPrefix("/") { return text }
        guard let url = URL(string: text), url.isFileURL, !url.path.isEmpty else { return nil }
        return url.path
    }

    /// The wallpaper file PCManFM's desktop settings name, if any, as the session's programs
    /// name it (`~/` is `programHome`); the settings are read in `home`, the session's HOME here.
    static func pcmanfmWallpaper(home: URL, programHome: String, environment: [String: String]) -> URL? {
        // XDG_CONFIG_HOME, when set, is a path of the programs'; it is read where HOME is here.
        let configHome =
            environment["XDG_CONFIG_HOME"].map { value in
                URL(fileURLWithPath: value.hasPrefix(programHome + "/") ? home.path + value.dropFirst(programHome.count) : value)
            } ?? home.appendingPathComponent(".config")
        let folder = configHome.appendingPathComponent("pcmanfm")
        let profiles = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted { a, b in
            a == "default" ? true : b == "default" ? false : a < b
        }
        for profile in profiles {
            let file = folder.appendingPathComponent(profile).appendingPathComponent("desktop-items-0.conf")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            var settings: [String: String] = [:]
            for line in text.split(whereSeparator: \.isNewline) {
                guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#"), !line.hasPrefix("[") else { continue }
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                if settings[key] == nil { settings[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces) }
            }
            guard settings["wallpaper_mode"] != "color",
                let path = settings["wallpaper"] ?? settings["wallpaper0"], !path.isEmpty
            else { continue }
            return URL(fileURLWithPath: path.hasPrefix("~/") ? programHome + path.dropFirst() : path)
        }
        return nil
    }
}
