import TouchpointApp

// The service desk's repositories on SQLite and PostgreSQL. The methods are in `SQLStore+CaseReads.swift`,
// `SQLStore+CaseWrites.swift` and `SQLStore+ServicePeople.swift`; the desk sees the store only through these protocols.
extension SQLStore: CaseRepository {}
extension SQLStore: ServicePeopleRepository {}
extension SQLStore: ServiceSetupRepository {}
