import TouchpointApp

// The profile directory's repositories on SQLite and PostgreSQL. The methods are in `SQLStore+Profiles.swift`,
// `SQLStore+PersonalData.swift`, `SQLStore+Separations.swift`, `SQLStore+Value.swift` and `SQLStore+Lifecycle.swift`.
extension SQLStore: ProfileRepository {}
extension SQLStore: ProfileInsightRepository {}
