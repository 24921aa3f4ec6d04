import Foundation

extension Adoption {
    /// What an adoption would put in force, and what stops it: the same reading of the
    /// repository that ``Adoption/adopt(_:version:effective:allowUndisposed:previewed:as:now:)``
    /// seals, made without changing anything, so that `sop adopt --dry-run`, the terminal's
    /// confirmation and the portal's confirm step show exactly what one click or keystroke makes
    /// irreversible.
    public struct Preview: Sendable, Codable {
        /// Why the adoption would be refused, each shown with what to do about it.
        public enum Obstacle: String, Sendable, Codable {
            /// Comments have no disposition and `--allow-undisposed` was not given.
            case undisposed
            /// The text to be put in force has lint errors.
            case lint
        }

        /// A procedure of the round's scope as it stands on main and as it would stand.
        public struct Procedure: Sendable, Codable, Equatable {
            public let id: String
            public let title: String
            public let path: String
            /// Absent for a procedure main does not have yet.
            public let oldVersion: String?
            public let oldStatus: String?
            public let newVersion: String
            public let newStatus: String
        }

        /// A counted position, as the record will carry it.
        public struct Stated: Sendable, Codable, Equatable {
            public let participant: String
            public let stance: Position.Stance
            public let reason: String?
            public let reservations: [Position.Reservation]
        }

        /// `set/2027.1`.
        public let tag: String
        public let version: String
        public let round: String
        public let revision: Int
        /// The approved revision's commit.
        public let commit: String
        public let effective: Day
        public let procedures: [Procedure]
        /// The procedures marked superseded.
        public let superseded: [String]
        public let outcome: Outcome
        public let positions: [Stated]
        /// The comments the secretariat has not answered (`TT-3`), which the record names when
        /// adoption goes ahead with them.
        public let undisposed: [String]
        public let allowUndisposed: Bool
        /// Whether participants must acknowledge what goes into force, and by when.
        public let acknowledgement: AcknowledgementTerms
        /// Lint's errors and warnings on the procedures as they would be put in force.
        public let lint: [Diagnostic]
        public let obstacles: [Obstacle]
        /// What a confirmation binds to: main, the round and these terms as previewed. A
        /// confirmation given on another preview is refused.
        public let basis: String

        /// The error adoption stops with, naming what to do; nil when it would go ahead.
        public var refusal: SOPError? {
            guard !obstacles.isEmpty else { return nil }
            var messages: [String] = []
            var hints: [String] = []
            if obstacles.contains(.undisposed) {
                let first = undisposed.first ?? "TT-1"
                messages.append(
                    "\(undisposed.count) comment\(undisposed.count == 1 ? " has" : "s have") no disposition from the secretariat: \(Preview.listed(undisposed))")
                hints.append(
                    "answer each with `sop comment dispose \(first) --round \(round) --accepted|--modified|--rejected|--noted --reason \"…\" --as secretariat`, or pass --allow-undisposed to adopt with the record saying which were left unanswered")
            }
            if obstacles.contains(.lint) {
                let errors = lint.filter { $0.severity == .error }
                messages.append(
                    "the text to be put in force fails lint with \(errors.count) error\(errors.count == 1 ? "" : "s"):\n"
                        + errors.prefix(5).map { "  \($0)" }.joined(separator: "\n") + (errors.count > 5 ? "\n  and \(errors.count - 5) more" : ""))
                hints.append("correct the draft (`sop lint` on it), put it up with `sop round revise \(round) --as secretariat`, and decide on the corrected text")
            }
            return SOPError(.invalidArgument, "round \(round) cannot be adopted: " + messages.joined(separator: "\nand "), hint: hints.joined(separator: "; "))
        }

        /// Up to ten names, then how many more.
        public static func listed(_ names: [String]) -> String {
            names.prefix(10).joined(separator: ", ") + (names.count > 10 ? " and \(names.count - 10) more" : "")
        }
    }
}
