CREATE TABLE decks (
	id VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	new_per_day INTEGER, 
	reviews_per_day INTEGER, 
	retired_at BIGINT, 
	PRIMARY KEY (id)
);

CREATE TABLE items (
	id VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	deck_id VARCHAR NOT NULL, 
	topic_id VARCHAR NOT NULL, 
	topic_title VARCHAR, 
	sibling_of VARCHAR, 
	position INTEGER NOT NULL, 
	content_hash VARCHAR NOT NULL, 
	source_path VARCHAR NOT NULL, 
	source_line INTEGER NOT NULL, 
	payload BLOB NOT NULL, 
	retired_at BIGINT, 
	state INTEGER DEFAULT 0 NOT NULL, 
	step INTEGER, 
	stability DOUBLE, 
	difficulty DOUBLE, 
	due BIGINT, 
	last_review BIGINT, 
	reps INTEGER DEFAULT 0 NOT NULL, 
	lapses INTEGER DEFAULT 0 NOT NULL, 
	suspended BOOLEAN DEFAULT 0 NOT NULL, 
	leech BOOLEAN DEFAULT 0 NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_items_active_due ON items (state, due, deck_id, sibling_of, id) WHERE retired_at IS NULL AND suspended = 0;

CREATE INDEX ix_items_active_new ON items (deck_id, position, sibling_of, id) WHERE retired_at IS NULL AND suspended = 0 AND state = 0;

CREATE INDEX ix_items_browse ON items (position, deck_id, kind, state, suspended, leech, due, retired_at, id);

CREATE INDEX ix_items_browse_deck ON items (deck_id, position, kind, state, suspended, leech, due, retired_at, id) WHERE position IS NOT NULL;

CREATE INDEX ix_items_browse_kind ON items (kind, position, deck_id, state, suspended, leech, due, retired_at, id) WHERE position IS NOT NULL;

CREATE INDEX ix_items_deck ON items (deck_id, retired_at, suspended, leech);

CREATE INDEX ix_items_id_deck_kind ON items (id, deck_id, kind);

CREATE INDEX ix_items_mastery ON items (topic_id, deck_id, state, stability, due, last_review, reps, lapses, suspended, leech, kind, id, retired_at) WHERE retired_at IS NULL;

CREATE INDEX ix_items_sibling_of ON items (sibling_of);

CREATE TABLE facts (
	id INTEGER NOT NULL, 
	uid VARCHAR NOT NULL, 
	"key" VARCHAR NOT NULL, 
	value TEXT, 
	written_at BIGINT NOT NULL, 
	device_id VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (uid)
);

CREATE INDEX ix_facts_key ON facts ("key", written_at);

CREATE TABLE remote_cursors (
	device_id VARCHAR NOT NULL, 
	seq BIGINT NOT NULL, 
	PRIMARY KEY (device_id)
);

CREATE TABLE content_files (
	"key" VARCHAR NOT NULL, 
	mtime_ns BIGINT NOT NULL, 
	size INTEGER NOT NULL, 
	sha256 VARCHAR, 
	app_version VARCHAR NOT NULL, 
	parsed BLOB NOT NULL, 
	PRIMARY KEY ("key")
);

CREATE TABLE fsrs_parameters (
	id INTEGER NOT NULL, 
	fitted_at BIGINT NOT NULL, 
	deck_id VARCHAR, 
	parameters JSON NOT NULL, 
	reviews INTEGER NOT NULL, 
	log_loss_before DOUBLE NOT NULL, 
	log_loss_after DOUBLE NOT NULL, 
	rmse_before DOUBLE NOT NULL, 
	rmse_after DOUBLE NOT NULL, 
	adopted BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_fsrs_parameters_deck ON fsrs_parameters (deck_id, adopted, id);

CREATE TABLE item_texts (
	id INTEGER NOT NULL, 
	item_id VARCHAR NOT NULL, 
	doc_key VARCHAR NOT NULL, 
	prompt TEXT NOT NULL, 
	answer TEXT NOT NULL, 
	extra TEXT NOT NULL, 
	facets TEXT DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (item_id)
);

CREATE VIRTUAL TABLE item_search USING fts5(prompt, answer, extra, facets, content='item_texts', content_rowid='id', prefix='1 2 3 4 5 6 7 8', tokenize='unicode61 remove_diacritics 2');

CREATE TRIGGER item_texts_insert AFTER INSERT ON item_texts BEGIN INSERT INTO item_search(rowid, prompt, answer, extra, facets) VALUES (new.id, new.prompt, new.answer, new.extra, new.facets); END;

CREATE TRIGGER item_texts_delete AFTER DELETE ON item_texts BEGIN INSERT INTO item_search(item_search, rowid, prompt, answer, extra, facets) VALUES ('delete', old.id, old.prompt, old.answer, old.extra, old.facets); END;

CREATE TRIGGER item_texts_update AFTER UPDATE ON item_texts BEGIN INSERT INTO item_search(item_search, rowid, prompt, answer, extra, facets) VALUES ('delete', old.id, old.prompt, old.answer, old.extra, old.facets); INSERT INTO item_search(rowid, prompt, answer, extra, facets) VALUES (new.id, new.prompt, new.answer, new.extra, new.facets); END;

INSERT INTO item_search(item_search, rank) VALUES ('rank', 'bm25(4.0, 2.0, 1.0, 0.0)');

CREATE TABLE meta (
	"key" VARCHAR NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);

CREATE TABLE reviews (
	id INTEGER NOT NULL, 
	item_id VARCHAR NOT NULL, 
	reviewed_at BIGINT NOT NULL, 
	rating INTEGER NOT NULL, 
	elapsed_ms INTEGER NOT NULL, 
	queue VARCHAR NOT NULL, 
	answer TEXT, 
	verdict VARCHAR, 
	feedback JSON, 
	params JSON, 
	state_before JSON NOT NULL, 
	state_after JSON NOT NULL, 
	undone_at BIGINT, 
	stability_before DOUBLE, 
	mistake VARCHAR, 
	uid VARCHAR, 
	device_id VARCHAR, 
	mistake_text VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(item_id) REFERENCES items (id)
);

CREATE INDEX ix_reviews_answer_time ON reviews (elapsed_ms, reviewed_at, undone_at, item_id);

CREATE INDEX ix_reviews_day ON reviews (reviewed_at, undone_at, queue, rating, elapsed_ms, item_id);

CREATE INDEX ix_reviews_item_time ON reviews (item_id, reviewed_at, undone_at, queue, rating);

CREATE INDEX ix_reviews_retention ON reviews (queue, item_id, undone_at, reviewed_at, stability_before, rating);

CREATE UNIQUE INDEX ix_reviews_uid ON reviews (uid);

CREATE INDEX ix_reviews_undo ON reviews (device_id, id) WHERE undone_at IS NULL AND coalesce(json_extract(state_after, '$.scheduled_with'), '') != 'imported';

CREATE INDEX ix_reviews_verdicts ON reviews (verdict, item_id, mistake, undone_at, reviewed_at, mistake_text) WHERE verdict IS NOT NULL;

