#include "CSQLiteSettings.h"

// sqlite-nio builds SQLite with every symbol prefixed; `sqlite3_db_config` takes variable arguments, which Swift
// cannot pass, hence this file. 1007 is SQLITE_DBCONFIG_ENABLE_QPSG.
extern int sqlite_nio_sqlite3_db_config(void *db, int op, ...);

int touchpoint_sqlite_enable_qpsg(void *db) {
    int enabled = 0;
    return sqlite_nio_sqlite3_db_config(db, 1007, 1, &enabled);
}
