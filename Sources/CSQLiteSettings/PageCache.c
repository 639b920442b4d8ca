#include "CSQLiteSettings.h"
#include <stdlib.h>

// SQLite's default page cache, wrapped so that a commit does not scan the whole cache for nothing.
//
// At the end of every write transaction the pager drops cached pages past the end of the database
// (`xTruncate(dbSize + 1)`). The default cache knows only the largest page number it has held since its last
// truncation, and when that lies far past the limit it walks every cached page. A b-tree balance that swaps two
// pages parks one of them for a moment at the page after the lock byte's (page 262,145 with 4 KB pages), so in a
// database under 1 GB nearly every commit that split a page walked the writer's whole cache: with a 128 MB cache,
// a third of the writer's time while decisions were logged. This wrapper keeps its own account of the page numbers
// the cache holds (the largest fetched, and the few rekeyed past it) and passes a truncation on only when a page at
// or past the limit may exist. The account only ever overstates, so no truncation that removes a page is skipped.

typedef struct sqlite3_pcache sqlite3_pcache;
typedef struct sqlite3_pcache_page { void *pBuf; void *pExtra; } sqlite3_pcache_page;
typedef struct sqlite3_pcache_methods2 {
    int iVersion;
    void *pArg;
    int (*xInit)(void *);
    void (*xShutdown)(void *);
    sqlite3_pcache *(*xCreate)(int szPage, int szExtra, int bPurgeable);
    void (*xCachesize)(sqlite3_pcache *, int nCachesize);
    int (*xPagecount)(sqlite3_pcache *);
    sqlite3_pcache_page *(*xFetch)(sqlite3_pcache *, unsigned key, int createFlag);
    void (*xUnpin)(sqlite3_pcache *, sqlite3_pcache_page *, int discard);
    void (*xRekey)(sqlite3_pcache *, sqlite3_pcache_page *, unsigned oldKey, unsigned newKey);
    void (*xTruncate)(sqlite3_pcache *, unsigned iLimit);
    void (*xDestroy)(sqlite3_pcache *);
    void (*xShrink)(sqlite3_pcache *);
} sqlite3_pcache_methods2;

extern int sqlite_nio_sqlite3_config(int option, ...);
#define CONFIG_PCACHE2 18
#define CONFIG_GETPCACHE2 19
#define HIGH_KEYS 8

static sqlite3_pcache_methods2 base;
static int installed = 0;

/// One cache: the default's, and the page numbers it may hold. Each cache belongs to one connection's pager, whose
/// mutex is held for every call, so the account needs no lock of its own.
typedef struct {
    sqlite3_pcache *inner;
    /// At least the largest page number fetched since the last truncation below it.
    unsigned maxKey;
    /// Page numbers past `maxKey` that pages were rekeyed to and not yet rekeyed away from (a balance parks a page
    /// there for a moment); one that does not fit raises `maxKey` instead.
    unsigned high[HIGH_KEYS];
    int highCount;
} Account;

static int initCache(void *unused) { (void)unused; return base.xInit(base.pArg); }
static void shutdownCache(void *unused) { (void)unused; base.xShutdown(base.pArg); }

static sqlite3_pcache *createCache(int pageSize, int extraSize, int purgeable) {
    Account *account = calloc(1, sizeof(Account));
    if (!account) return 0;
    account->inner = base.xCreate(pageSize, extraSize, purgeable);
    if (!account->inner) { free(account); return 0; }
    return (sqlite3_pcache *)account;
}

static void setCacheSize(sqlite3_pcache *cache, int pages) { base.xCachesize(((Account *)cache)->inner, pages); }
static int pageCount(sqlite3_pcache *cache) { return base.xPagecount(((Account *)cache)->inner); }

static sqlite3_pcache_page *fetchPage(sqlite3_pcache *cache, unsigned key, int create) {
    Account *account = (Account *)cache;
    sqlite3_pcache_page *page = base.xFetch(account->inner, key, create);
    if (page && key > account->maxKey) account->maxKey = key;
    return page;
}

static void unpinPage(sqlite3_pcache *cache, sqlite3_pcache_page *page, int discard) {
    base.xUnpin(((Account *)cache)->inner, page, discard);
}

static void rekeyPage(sqlite3_pcache *cache, sqlite3_pcache_page *page, unsigned oldKey, unsigned newKey) {
    Account *account = (Account *)cache;
    base.xRekey(account->inner, page, oldKey, newKey);
    for (int index = 0; index < account->highCount; index++) {
        if (account->high[index] == oldKey) {
            account->high[index] = account->high[--account->highCount];
            break;
        }
    }
    if (newKey <= account->maxKey) return;
    if (account->highCount < HIGH_KEYS) {
        account->high[account->highCount++] = newKey;
    } else {
        account->maxKey = newKey;
    }
}

static void truncateCache(sqlite3_pcache *cache, unsigned limit) {
    Account *account = (Account *)cache;
    int mayHold = limit <= account->maxKey;
    for (int index = 0; !mayHold && index < account->highCount; index++) {
        if (account->high[index] >= limit) mayHold = 1;
    }
    if (!mayHold) return;
    base.xTruncate(account->inner, limit);
    if (limit == 0) {
        account->maxKey = 0;
    } else if (account->maxKey >= limit) {
        account->maxKey = limit - 1;
    }
    int kept = 0;
    for (int index = 0; index < account->highCount; index++) {
        if (account->high[index] < limit) account->high[kept++] = account->high[index];
    }
    account->highCount = kept;
}

static void destroyCache(sqlite3_pcache *cache) {
    Account *account = (Account *)cache;
    base.xDestroy(account->inner);
    free(account);
}

static void shrinkCache(sqlite3_pcache *cache) { base.xShrink(((Account *)cache)->inner); }

// Installed when the program loads: SQLite takes a page cache only before its first connection.
__attribute__((constructor)) static void installPageCache(void) {
    if (sqlite_nio_sqlite3_config(CONFIG_GETPCACHE2, &base) != 0 || base.iVersion < 1 || !base.xTruncate) return;
    static sqlite3_pcache_methods2 wrapped;
    wrapped = base;
    wrapped.pArg = 0;
    wrapped.xInit = initCache;
    wrapped.xShutdown = shutdownCache;
    wrapped.xCreate = createCache;
    wrapped.xCachesize = setCacheSize;
    wrapped.xPagecount = pageCount;
    wrapped.xFetch = fetchPage;
    wrapped.xUnpin = unpinPage;
    wrapped.xRekey = rekeyPage;
    wrapped.xTruncate = truncateCache;
    wrapped.xDestroy = destroyCache;
    wrapped.xShrink = shrinkCache;
    installed = sqlite_nio_sqlite3_config(CONFIG_PCACHE2, &wrapped) == 0;
}

int touchpoint_sqlite_page_cache_installed(void) { return installed; }
