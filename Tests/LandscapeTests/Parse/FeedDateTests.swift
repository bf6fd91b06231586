import Landscape
import Testing

@Suite("Feed dates")
struct FeedDateTests {
    @Test(
        "RFC 822 and its real-world variants",
        arguments: [
            ("Tue, 04 Mar 2025 10:20:30 GMT", "2025-03-04T10:20:30Z"),
            ("04 Mar 2025 10:20:30 +0900", "2025-03-04T01:20:30Z"),
            ("Tue, 4 Mar 25 10:20 +0900", "2025-03-04T01:20:00Z"),
            ("Tue, 04 Mar 2025 10:20:30 JST", "2025-03-04T01:20:30Z"),
            ("Tue, 04 Mar 2025 10:20:30 EST", "2025-03-04T15:20:30Z"),
            ("Mon, 10 Mar 2025 11:30:00 +0530", "2025-03-10T06:00:00Z"),
            ("Tuesday, 04 March 2025 10:20:30 UT", "2025-03-04T10:20:30Z"),
            ("Tue, 04 Mar 2025 10:20:30 +0900 (KST)", "2025-03-04T01:20:30Z"),
        ])
    func rfc822(_ input: String, _ expected: String) {
        #expect(FeedDate.parse(input)?.iso8601 == expected)
    }

    @Test(
        "ISO 8601 and RFC 3339, including Dublin Core dates",
        arguments: [
            ("2025-03-04T10:20:30Z", "2025-03-04T10:20:30Z"),
            ("2025-03-04T10:20:30.123+08:00", "2025-03-04T02:20:30Z"),
            ("2025-03-04T10:20+09:00", "2025-03-04T01:20:00Z"),
            ("2025-03-04", "2025-03-04T00:00:00Z"),
            ("2025-03-04 10:20:30", "2025-03-04T10:20:30Z"),
            ("2024-12-31T23:30:00-05:00", "2025-01-01T04:30:00Z"),
        ])
    func iso8601(_ input: String, _ expected: String) {
        #expect(FeedDate.parse(input)?.iso8601 == expected)
    }

    @Test(
        "unreadable dates are nil, never a guess",
        arguments: ["Spring 2024", "", "32 Jan 2025 10:00 GMT", "2025-13-01", "yesterday"])
    func unreadable(_ input: String) {
        #expect(FeedDate.parse(input) == nil)
    }
}
