# Two commands for a new user: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
SOURCES := $(shell find ontology data queries -type f 2>/dev/null)

.PHONY: prerequisites run test test-remote test-virtuoso test-postgres serve-remote install build stats lint bench sample clean assets soak
REMOTE_PORT ?= 7878
WORKERS ?= 4
# two pytest processes, each module whole in one of them (session fixtures such as the build are made once per process)
PYTEST_ARGS ?= -n 2 --dist loadfile
# pytest with the plugins the tests use, named, none loaded by itself: pytest rewrites every module of a package
# that brings a plugin (hypothesis, schemathesis, anyio) with ast.parse when it is first imported, mid-run, and
# CPython 3.11 can fail that ("AST constructor recursion depth mismatch") while another thread formats a traceback
PYTEST := PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 $(BIN)/python -m pytest -p xdist.plugin -p pytest_timeout -p _hypothesis_pytestplugin

run: build
	$(BIN)/graph-app serve --host $(HOST) --port $(PORT)

test: prerequisites $(VENV)/.installed-test node_modules/.package-lock.json
	$(PYTEST) $(PYTEST_ARGS)

# chromium, Java and npm: installed from Debian when run as root, otherwise named in one line (tests/prerequisites.sh)
prerequisites:
	@bash tests/prerequisites.sh

# axe-core for the accessibility tests, and the front-end packages `make assets` copies into static/
node_modules/.package-lock.json: package.json package-lock.json | prerequisites
	npm ci --no-audit --no-fund --silent

# The same suite against a real `oxigraph serve` process instead of the embedded store.
test-remote: prerequisites $(VENV)/.installed-test node_modules/.package-lock.json
	GRAPH_APP_TEST_STORE=remote $(PYTEST) $(PYTEST_ARGS)

# The named queries and every page kind against a real Virtuoso Open Source server the tests start and
# load with the build (tests/server_process.py virtuoso_process): a second SPARQL engine, not only Oxigraph.
VIRTUOSO_TESTS ?= tests/test_virtuoso_queries.py tests/test_virtuoso_push.py tests/test_node_pages.py tests/test_web.py \
	tests/test_mychild.py tests/test_topic_local.py tests/test_glossary.py tests/test_gaps_web.py tests/test_lod.py
test-virtuoso: $(VENV)/.installed-test
	@bash tests/prerequisites.sh virtuoso
	GRAPH_APP_TEST_STORE=virtuoso $(PYTEST) $(VIRTUOSO_TESTS)

# The tests that touch the private database again with it on a real PostgreSQL server (Debian's postgresql,
# installed by tests/prerequisites.sh; the tests start a private cluster): each private database path the tests
# open becomes its own PostgreSQL database (tests/conftest.py, GRAPH_APP_TEST_DATABASE); commands they run in
# other processes are given its URL (tests/postgres_server.py database_env). test_private_db_engines.py,
# test_private_db_shared.py, test_search_follow.py and test_repair_503.py run both engines in `make test` as well;
# a test of the SQLite file itself is skipped here, its reason given (postgres_server.SQLITE_ONLY). Every app
# process a test starts uses that database too (tests/server_process.py), browser tests' servers included.
# tests/test_postgres_list_complete.py fails when a test file that uses the private database is missing here.
POSTGRES_TESTS ?= tests/test_private_db_engines.py tests/test_private_db_shared.py tests/test_live_versions.py \
	tests/test_staff_accounts.py tests/test_comments.py tests/test_feedback.py tests/test_approvals.py \
	tests/test_sign_in_hardening.py tests/test_mail.py tests/test_live_publish.py tests/test_moderation_queue_paged.py \
	tests/test_hostile_staff.py tests/test_review_dates.py tests/test_board_report.py tests/test_history_backfill.py \
	tests/test_council_scopes.py tests/test_subforms.py tests/test_hostile_input.py tests/test_staff_pages_hostile_stored.py \
	tests/test_private_db_copy.py tests/test_backup_postgres.py tests/test_staff_home_counts_exact.py \
	tests/test_approvals_held_kinds.py tests/test_comment_pages_validated.py tests/test_compare_changes.py \
	tests/test_contact_values.py tests/test_council_content_pages.py tests/test_editor_legal_basis.py \
	tests/test_editor_publish_property.py tests/test_family_errors_translated.py \
	tests/test_form_choice_language.py tests/test_gap_change_over_time.py tests/test_get_involved_editing.py \
	tests/test_live_editing.py tests/test_live_remote.py tests/test_new_setting.py tests/test_owned_eligibility.py \
	tests/test_owned_subtree.py tests/test_page_cache.py tests/test_prices_places.py tests/test_private_db.py \
	tests/test_provider_profile.py tests/test_public_history.py tests/test_record_answers.py \
	tests/test_region_statements.py tests/test_rollback_original.py tests/test_sen_reports.py \
	tests/test_service_changes_live.py tests/test_setting_prices_places.py tests/test_staleness_everywhere.py \
	tests/test_sufficiency.py tests/test_task_list.py tests/test_backup_restore.py tests/test_search_follow.py \
	tests/test_feedback_council_pages.py tests/test_subforms_public.py tests/test_live_process.py \
	tests/test_repair_503.py tests/test_closed_records_not_due.py tests/test_feedback_kept_council.py \
	tests/test_node_page_places_cache.py tests/test_node_page_labels_cache.py tests/test_node_page_checked_cache.py \
	tests/test_cors.py tests/test_crash_comments.py tests/test_professional_pages_translated.py \
	tests/test_setting_closure.py tests/test_formats.py tests/test_charter.py tests/test_council_content_gaps.py \
	tests/test_gaps_after_publish.py tests/test_gaps_after_publish_setup.py tests/test_gap_jobs_one_at_a_time.py \
	tests/test_gap_average_name.py tests/test_gap_districts_pending.py tests/test_gaps_shared.py \
	tests/test_dumps_background.py tests/test_publish_releases_stores.py \
	tests/browser/test_comments_browser.py tests/browser/test_approvals_browser.py \
	tests/browser/test_task_list_browser.py tests/browser/test_editing_browser.py tests/browser/test_mail_browser.py \
	tests/browser/test_council_content_browser.py tests/browser/test_prices_places_browser.py \
	tests/browser/test_opening_times_contacts_browser.py tests/browser/test_contacts_browser.py \
	tests/browser/test_setting_prices_browser.py tests/browser/test_public_history_browser.py \
	tests/browser/test_csp_browser.py tests/browser/test_gap_change_browser.py tests/browser/test_staleness_browser.py \
	tests/browser/test_commission_compare_browser.py tests/browser/test_gap_districts_browser.py
test-postgres: prerequisites $(VENV)/.installed-test node_modules/.package-lock.json
	GRAPH_APP_TEST_DATABASE=postgres $(PYTEST) $(PYTEST_ARGS) $(POSTGRES_TESTS)

# A read-only oxigraph server loaded with the current build, and gunicorn workers querying it.
serve-remote: build $(VENV)/.installed-test
	rm -rf var/remote-store && mkdir -p var/remote-store
	$(BIN)/graph-app dump var/remote-store/graph.nt
	$(BIN)/oxigraph load --location var/remote-store/db --file var/remote-store/graph.nt
	$(BIN)/oxigraph serve-read-only --location var/remote-store/db --bind 127.0.0.1:$(REMOTE_PORT) --timeout-s 10 & \
	  trap 'kill $$!' EXIT; sleep 1; \
	  GRAPH_APP_SPARQL_URL=http://127.0.0.1:$(REMOTE_PORT)/query $(BIN)/graph-app serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@bash tests/prerequisites.sh run
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Rebuild only when ontology/, data/ or queries/ changed since the live build.
build: var/current/manifest.json

var/current/manifest.json: $(VENV)/.installed $(SOURCES)
	$(BIN)/graph-app build

# 50 clients for 60 s against gunicorn on loopback over the build in var/ (pages, search, SPARQL, comment
# posts); stops by itself; prints requests, p95, 5xx (must be 0), comments acknowledged vs found (must match).
soak: build $(VENV)/.installed-test
	$(BIN)/python tests/soak.py --clients 50 --seconds 60

stats: build
	$(BIN)/graph-app stats --json

# Lint, format and types; the files mypy checks are listed in pyproject.toml ([tool.mypy] files).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check graph_app tests bench
	$(BIN)/ruff format --check graph_app tests bench
	$(BIN)/mypy

# Every benchmark side by side at scale factors 1, 30 and 300 (on 2 busy shared cores about 4, 25 and 60 minutes;
# `make bench SCALES="1 30"` for fewer). Prints one table and writes it to bench/results/latest.md.
# wrk (the HTTP load tool) is installed from Debian here only: the tests never need it.
SCALES ?= 1 30 300
bench: $(VENV)/.installed-test
	command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) \
		|| echo "wrk could not be installed: the HTTP load rows will say skipped"
	$(BIN)/python bench/run_all.py --scales $(SCALES) --out bench/results/latest.md

sample: $(VENV)/.installed
	$(BIN)/graph-app generate --scale 1 --out data/sample/local-offer.ttl
	$(BIN)/python -m graph_app.sample.council_content --out data/sample/council-content.ttl

clean:
	rm -rf var

# GOV.UK Frontend, vendored into static/ (committed, so `make run` needs no npm): the stylesheet compiled
# from graph_app/web/assets/app.scss (Arial, no GDS Transport font, no GOV.UK crown or crest) and the script.
GOVUK := node_modules/govuk-frontend/dist/govuk
VENDOR := graph_app/web/static/vendor/govuk
assets: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	node_modules/.bin/sass --pkg-importer=node --style=compressed --no-source-map \
		graph_app/web/assets/app.scss $(VENDOR)/govuk-frontend.min.css
	sed 's|//# sourceMappingURL=.*$$||' $(GOVUK)/govuk-frontend.min.js > $(VENDOR)/govuk-frontend.min.js
	printf 'GOV.UK Frontend %s, MIT licence, (c) Crown copyright: https://github.com/alphagov/govuk-frontend\nCompiled by `make assets` from graph_app/web/assets/app.scss: Arial, no GDS Transport font, no crown or crest.\n' \
		"$$(node -p 'require("./node_modules/govuk-frontend/package.json").version')" > $(VENDOR)/NOTICE.txt
