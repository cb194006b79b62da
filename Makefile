# Cistern: two commands set up everything on Debian 12.
#   make demo   install, build, create var/demo.db with a demo city, serve http://127.0.0.1:8080
#   make test   install, build, run every test (unit, store, API, browser)
BUILD_DIR ?= build
DEMO_DB ?= var/demo.db
DEMO_ACCOUNTS ?= 5000
DEMO_SEED ?= 1
PORT ?= 8080
JOBS ?= $(shell nproc)

.PHONY: demo test build bootstrap native web clean bench

bootstrap:
	@scripts/bootstrap

native: bootstrap
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

web: bootstrap
	@cd web && npm run --silent build

build: native web

demo: build
	@mkdir -p var
	@if [ ! -f $(DEMO_DB) ]; then \
	  $(BUILD_DIR)/cistern demo --db $(DEMO_DB) --accounts $(DEMO_ACCOUNTS) --seed $(DEMO_SEED); \
	else echo "Reusing $(DEMO_DB) (delete it for a fresh demo city)"; fi
	@exec $(BUILD_DIR)/cistern serve --db $(DEMO_DB) --port $(PORT) --demo-banner

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j 2

bench: build
	@bench/run

clean:
	rm -rf $(BUILD_DIR) web/dist
