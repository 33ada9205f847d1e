import Foundation

extension DeskgymExtension {
    /// Whether a `vm_config` value is a path to a file rather than a name in the vm-configs folder.
    public static func isVMConfigPath(_ value: String) -> Bool {
        value.contains("/") || value.hasSuffix(".yaml")
    }

    /// The vm-config file a `vm_config` value names: `<vmConfigsFolder>/<name>.yaml` for a name,
    /// the path itself for an absolute path, or the path relative to `taskFolder`.
    public static func vmConfigFile(_ value: String, vmConfigsFolder: URL, taskFolder: URL) -> URL {
        guard isVMConfigPath(value) else { return vmConfigsFolder.appendingPathComponent("\(value).yaml") }
        return value.hasPrefix("/") ? URL(fileURLWithPath: value) : taskFolder.appendingPathComponent(value)
    }
}
