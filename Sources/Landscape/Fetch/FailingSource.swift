/// A source that has failed several nights in a row: reported loudly in the log and manifest.
public struct FailingSource: Sendable, Hashable {
    public let id: String
    public let url: String
    public let nights: Int
    public let since: String?
    public let error: String?
}
