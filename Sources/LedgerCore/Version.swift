/// The software version, in one place: `desci --version`, `desci-node --version`, `desci-node version`
/// and `GET /status` all print this. Semantic versioning; bump it with each release.
///
/// No git commit is baked in: SwiftPM has no cheap way to pass one at build time without a build
/// plugin, and a plugin that shells out to git would make builds depend on the checkout's state.
public enum SoftwareVersion {
    public static let semantic = "0.1.0"
}
