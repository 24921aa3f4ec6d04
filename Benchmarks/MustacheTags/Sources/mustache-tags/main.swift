// Renders templates of 100 tags 2,000 times over each kind of context swift-mustache takes,
// and prints the time per tag. A value the engine has to look up, turn into a string and
// escape costs about the same whatever holds it, which bounds how fast `sop publish` can
// render its pages.
import Foundation
import Mustache

/// A context that answers lookups itself instead of through Mirror or a dictionary.
final class Parent: MustacheParent {
    let values: [String: Any]
    init(_ values: [String: Any]) { self.values = values }
    func child(named name: String) -> Any? { values[name] }
}

/// A value that renders itself instead of through `String(describing:)`.
struct Renderable: MustacheCustomRenderable {
    let renderText: String
    var isNull: Bool { false }
}

let renders = 2_000
let values = Dictionary(uniqueKeysWithValues: (0..<10).map { ("v\($0)", "Trinidad and Tobago, section \($0)" as Any) })
let flat = try MustacheTemplate(string: (0..<100).map { "<td>{{v\($0 % 10)}}</td>" }.joined())
let rows = try MustacheTemplate(string: "{{#rows}}<tr><td>{{a}}</td><td>{{b}}</td><td>{{c}}</td><td>{{d}}</td><td>{{e}}</td></tr>{{/rows}}")
let table: [String: Any] = ["rows": (0..<20).map { _ in ["a": "Jamaica", "b": "JM", "c": "approve", "d": "signed", "e": "2027-01-01"] }]

/// Prints the time per tag; the bytes rendered are printed too, so the renders cannot be left out.
func measure(_ name: String, _ template: MustacheTemplate, _ context: Any) {
    var written = template.render(context).utf8.count
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<renders { written += template.render(context).utf8.count }
    let perTag = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(renders * 100) / 1000
    print(name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%5.2f µs per tag", perTag) + "  (\(written / (renders + 1)) bytes per render)")
}

print("swift-mustache 2.1.1, \(renders) renders of 100 tags each:")
measure("  dictionary", flat, values)
measure("  MustacheParent class", flat, Parent(values))
measure("  MustacheCustomRenderable values", flat, Parent(values.mapValues { Renderable(renderText: $0 as! String) }))
measure("  section of 20 rows × 5 tags (dictionaries)", rows, table)
