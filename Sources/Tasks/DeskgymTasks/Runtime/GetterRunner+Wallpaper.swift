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
    static func wallpaper(_ spec: GetterSpec, context: TaskContext) throws -> GetterValue {
        let dest = try field(spec, "dest")
        guard let image = pcmanfmWallpaper(home: context.session.home, environment: context.session.environment),
              FileManager.default.fileExists(atPath: image.path) else {
            return .file(nil)
        }
        try FileManager.default.createDirectory(at: context.cacheFolder, withIntermediateDirectories: true)
        let copy = context.cacheFolder.appendingPathComponent(dest)
        if FileManager.default.fileExists(atPath: copy.path) { try FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: image, to: copy)
        return .file(copy)
    }

    /// The wallpaper file PCManFM's desktop settings name, if any.
    static func pcmanfmWallpaper(home: URL, environment: [String: String]) -> URL? {
        let configHome = environment["XDG_CONFIG_HOME"].map { URL(fileURLWithPath: $0) } ?? home.appendingPathComponent(".config")
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
                  let path = settings["wallpaper"] ?? settings["wallpaper0"], !path.isEmpty else { continue }
            return URL(fileURLWithPath: path.hasPrefix("~/") ? home.path + path.dropFirst() : path)
        }
        return nil
    }
}
