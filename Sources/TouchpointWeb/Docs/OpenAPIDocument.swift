import Foundation

/// `/openapi.json`, served from the document shipped in the module's resources.
enum OpenAPIDocument {
    static let data: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url) else {
            return Data(#"{"openapi":"3.0.3","info":{"title":"Touchpoint","version":"0"},"paths":{}}"#.utf8)
        }
        return data
    }()
}
