import ArgumentParser
import Landscape

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score extraction against an annotated set (articles.jsonl and gold.jsonl).",
        discussion: """
            Runs extract and the deal merge of each article with the pipeline's gazetteer, then prints
            party-pair precision, recall and F1, deal type and party country accuracy on matched deals,
            modality precision, recall and F1, role accuracy and precision when --roles is given, and
            every miss, false alarm, false and missed pair, wrong country and wrong type.
            """
    )

    @Option(help: "Gold deals, one JSON object per article.")
    var gold: String

    @Option(help: "The annotated articles.")
    var articles: String

    @Option(help: "Gold roles of the deals' parties, one {id, deal, roles} object per line.")
    var roles: String?

    @Option(help: "Pipeline file whose gazetteer, rates and merge window to use.")
    var pipeline = "Pipelines/apac-biotech.yml"

    @Flag(help: "Print one JSON object instead of the text report.")
    var json = false

    func run() throws {
        let config = try PipelineConfig.load(path: pipeline)
        let report = try Evaluation.run(goldPath: gold, articlesPath: articles, rolesPath: roles, config: config)
        if json {
            writeStandardOutput(report.json)
        } else {
            writeStandardOutput(Array(report.text.utf8))
        }
    }
}
