/// The portal's commands. They live in the executable `sop-portal`, so that every other
/// command starts without loading the web server and its event loops; `sop` hands these to
/// it, as git hands `git foo` to `git-foo`.
public enum PortalCommand: String, CaseIterable, Sendable {
    case serve, user, digest

    /// The executable installed next to `sop`.
    public static let executable = "sop-portal"

    /// The line `sop --help` lists it with, the same in both executables.
    public var abstract: String {
        switch self {
        case .serve: "Run the consultation portal: officials sign in, read, comment and state positions in a browser."
        case .user: "Manage the portal's accounts (kept beside the repository, never synced)."
        case .digest: "What changed since the last digest, for each participant and the secretariat, in their language."
        }
    }
}
