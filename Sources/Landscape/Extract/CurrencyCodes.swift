/// The ISO 4217 currency codes, so a pipeline's `usd_rates` cannot name a currency that does
/// not exist (a typo there would drop every amount in the currency meant, silently).
enum CurrencyCodes {
    /// Active codes, plus the funds and metals codes the standard lists and a few replaced in
    /// the years a backfill reaches (HRK, SLL, ZWL).
    static let iso4217: Set<String> = Set(
        """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP \
        BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB \
        EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD \
        JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU \
        MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD \
        RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY \
        TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD \
        XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL
        """.split(separator: " ").map(String.init))

    /// The code a mistyped `code` most likely meant: one letter changed or two neighbours
    /// swapped, a currency the money reader reads preferred.
    static func nearest(to code: String) -> String? {
        let typed = Array(code.utf8)
        func isNear(_ candidate: String) -> Bool {
            let other = Array(candidate.utf8)
            guard other.count == typed.count else { return false }
            let differing = typed.indices.filter { typed[$0] != other[$0] }
            if differing.count == 1 { return true }
            return differing.count == 2 && differing[1] == differing[0] + 1
                && typed[differing[0]] == other[differing[1]] && typed[differing[1]] == other[differing[0]]
        }
        return MoneyReader.currencies.sorted().first(where: isNear) ?? iso4217.sorted().first(where: isNear)
    }
}
