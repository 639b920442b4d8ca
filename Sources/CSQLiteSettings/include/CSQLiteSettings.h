#ifndef TOUCHPOINT_CSQLITESETTINGS_H
#define TOUCHPOINT_CSQLITESETTINGS_H

/// Turns on SQLite's query planner stability guarantee for the connection `db` (a `sqlite3 *`): a prepared statement's
/// plan no longer depends on the values bound to it. Returns SQLite's result code.
int touchpoint_sqlite_enable_qpsg(void *db);

/// Whether SQLite's page cache was wrapped when the program loaded (see PageCache.c): 1 if so, 0 if SQLite refused.
int touchpoint_sqlite_page_cache_installed(void);

#endif
