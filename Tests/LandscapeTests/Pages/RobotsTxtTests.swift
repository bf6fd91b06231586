import Testing

@testable import Landscape

@Suite("robots.txt")
struct RobotsTxtTests {
    static let file = Array(
        """
        # a comment line
        User-agent: *
        Disallow: /search
        Disallow: /private/
        Allow: /private/press/
        Disallow: /*.pdf$
        Crawl-delay: 2

        User-agent: landscape
        User-agent: OtherBot
        Disallow: /drafts/   # our own group
        Allow: /drafts/public
        Crawl-delay: 5

        User-agent: EvilBot
        Disallow: /
        """.utf8)

    @Test("our product token's group wins over *, whatever its case")
    func ourGroup() {
        let robots = RobotsTxt(Self.file, token: "Landscape")
        #expect(!robots.allows(path: "/drafts/x"))
        #expect(robots.allows(path: "/drafts/public/1"))
        #expect(robots.allows(path: "/search?q=1"))  // only the * group says so
        #expect(robots.crawlDelay == 5)
    }

    @Test("the * group: longest match wins, Allow wins a tie, * and $ patterns")
    func starGroup() {
        let robots = RobotsTxt(Self.file, token: "SomeCrawler")
        #expect(!robots.allows(path: "/search?q=deals"))
        #expect(!robots.allows(path: "/private/memo"))
        #expect(robots.allows(path: "/private/press/release"))
        #expect(!robots.allows(path: "/files/report.pdf"))
        #expect(robots.allows(path: "/files/report.pdf?download=1"))
        #expect(robots.allows(path: "/news/a"))
        #expect(robots.crawlDelay == 2)
        let tie = RobotsTxt(Array("User-agent: *\nDisallow: /a\nAllow: /a\n".utf8), token: "x")
        #expect(tie.allows(path: "/a/b"))
    }

    @Test("no group for us or *, an empty Disallow, and the two fallbacks")
    func fallbacks() {
        #expect(RobotsTxt(Array("User-agent: EvilBot\nDisallow: /\n".utf8), token: "Landscape").allows(path: "/x"))
        #expect(RobotsTxt(Array("User-agent: *\nDisallow:\n".utf8), token: "Landscape").allows(path: "/x"))
        #expect(RobotsTxt.allowAll.allows(path: "/anything"))
        #expect(!RobotsTxt.disallowAll.allows(path: "/anything"))
        #expect(!RobotsTxt.disallowAll.allows(path: ""))
    }
}
