/// Where a procedure is in its life, from first draft to withdrawal.
public enum Status: String, Sendable, Codable, CaseIterable {
    case draft
    case inConsultation = "in-consultation"
    case adopted
    case effective
    case superseded
    case withdrawn

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
