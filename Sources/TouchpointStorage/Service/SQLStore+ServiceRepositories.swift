import TouchpointApp

// The service desk's repositories on SQLite and PostgreSQL: the methods are in `SQLStore+ServiceCases.swift` and
// `SQLStore+ServicePeople.swift`; the desk sees the store only through these protocols.
extension SQLStore: CaseRepository {}
extension SQLStore: ServicePeopleRepository {}
extension SQLStore: ServiceSetupRepository {}
