# sop — make demo | make test | make bench | make install
SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local
DEBIAN_PACKAGES := libgit2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev pkg-config cmark-gfm git
# Publishing: the PDF (WeasyPrint), and the browser and PDF checks of the tests; the portal's
# browser test drives Chromium through chromium-driver with Selenium (Debian's python3-selenium);
# the Akoma Ntoso tests validate every exported file with xmllint (libxml2-utils).
PUBLISH_PACKAGES := weasyprint chromium chromium-driver python3-selenium poppler-utils curl libxml2-utils
# axe-core 4.9 for the browser tests' accessibility checks, from PyPI.
AXE_VERSION := 2.2.0
# openpyxl, with which the tests read and fill in the comment form as an Excel workbook, from PyPI.
OPENPYXL_VERSION := 3.1.5
# Only the benchmarks need these.
BENCH_PACKAGES := hyperfine hugo wrk curl
BIN := .build/debug/sop
DEMO := demo
DEMO_PORT ?= 8080
# The demo's consultation runs on a fixed date, so its deadlines read the same every time.
DEMO_CLOCK := SOP_NOW=2027-01-11T09:00Z SOP_KEY_DIR=$(CURDIR)/.demo-keys
# Days after set/2027.1 took effect (1 March), when states acknowledge having read it.
READ_CLOCK := SOP_NOW=2027-03-04T15:00Z SOP_KEY_DIR=$(CURDIR)/.demo-keys
# The demo and tests commit as this identity when git config has none.
export GIT_AUTHOR_NAME ?= CMC Secretariat (demo)
export GIT_AUTHOR_EMAIL ?= secretariat@cmc.example.org

.PHONY: deps bench-deps build test demo bench install clean

## deps: install the Debian packages the build, the demo and the tests need (as root), or print the apt-get line.
deps: PACKAGES = $(DEBIAN_PACKAGES) $(PUBLISH_PACKAGES)
bench-deps: PACKAGES = $(DEBIAN_PACKAGES) $(BENCH_PACKAGES)
deps bench-deps:
	@missing=""; \
	for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages:$$missing"; \
	    echo "Run:  sudo apt-get update && sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi
	@# A python3 other than Debian's (pyenv, a venv) does not see python3-selenium.
	@if [ "$@" = deps ] && ! python3 -c 'import selenium' 2>/dev/null; then \
	  echo "$$(command -v python3) cannot import selenium; installing it from PyPI"; \
	  python3 -m pip install -q selenium || { echo "Run:  python3 -m pip install selenium  (or put Debian's /usr/bin/python3 first on PATH)"; exit 1; }; \
	fi
	@# axe-core, which the browser tests run on every portal page, as PyPI's selenium-axe-python ships it.
	@if [ "$@" = deps ] && ! python3 -c 'import selenium_axe_python' 2>/dev/null; then \
	  echo "installing selenium-axe-python $(AXE_VERSION) (axe-core) from PyPI for $$(command -v python3)"; \
	  python3 -m pip install -q --no-deps selenium-axe-python==$(AXE_VERSION) 2>/dev/null \
	    || python3 -m pip install -q --no-deps --break-system-packages selenium-axe-python==$(AXE_VERSION) \
	    || { echo "Run:  python3 -m pip install --no-deps selenium-axe-python==$(AXE_VERSION)"; exit 1; }; \
	fi
	@# openpyxl, a second program that reads and writes the workbooks `sop comment export` writes.
	@if [ "$@" = deps ] && ! python3 -c 'import openpyxl' 2>/dev/null; then \
	  echo "installing openpyxl $(OPENPYXL_VERSION) from PyPI for $$(command -v python3)"; \
	  python3 -m pip install -q openpyxl==$(OPENPYXL_VERSION) 2>/dev/null \
	    || python3 -m pip install -q --break-system-packages openpyxl==$(OPENPYXL_VERSION) \
	    || { echo "Run:  python3 -m pip install openpyxl==$(OPENPYXL_VERSION)"; exit 1; }; \
	fi

build: deps
	$(SWIFT) build

## test: every test of every layer, including end-to-end runs of the built binary.
test: deps
	$(SWIFT) build
	SOP_BINARY=$(CURDIR)/$(BIN) $(SWIFT) test

## demo: a workspace with the sample set in ./demo, exercised the way a drafter would.
demo: build
	@if [ -f $(DEMO)/portal.pid ]; then kill $$(cat $(DEMO)/portal.pid) 2>/dev/null || true; sleep 1; fi
	@rm -rf $(DEMO) .demo-keys
	@$(BIN) init $(DEMO) --sample
	@cd $(DEMO) && for who in secretariat TT BZ JM DO BS; do $(DEMO_CLOCK) ../$(BIN) key new --as $$who --name "Demo official $$who" --register | tail -1; done
	@cd $(DEMO) && ../$(BIN) lint
	@cd $(DEMO) && ../$(BIN) list
	@cd $(DEMO) && ../$(BIN) show SOP-004
	@cd $(DEMO) && ../$(BIN) render SOP-004 > SOP-004.html
	@cd $(DEMO) && ../$(BIN) draft start maritime-2027
	@cd $(DEMO) && sed -i 's/within two hours/within one hour/' Procedures/SOP-004-maritime-interception.md
	@cd $(DEMO) && ../$(BIN) diff SOP-004
	@cd $(DEMO) && ../$(BIN) draft save -m "Report detections to the national contact point within one hour"
	@cd $(DEMO) && ../$(BIN) history SOP-004
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) round open maritime-2027 --participants BZ,TT,JM,DO,BS --closes 2027-02-01T17:00Z --as secretariat
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) comment add maritime-2027-1 --as TT --section detection --quote "within one hour" --type te --text "Not achievable at night for small island coast guards" --proposed "within one hour, or four hours between 18:00 and 06:00" --blocking
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) comment add maritime-2027-1 --as BZ --section screening --type ed --text "Refer to SOP-003 section 5.2 by its title as well"
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) comment export maritime-2027-1 --country JM -o JM-form.csv
	@cd $(DEMO) && sed -i 's/^"JM","","SOP-004#scope","\([^"]*\)","","","","",""/"JM","","SOP-004#scope","\1","2.1","ge","Please include airports of entry used by private aircraft","",""/' JM-form.csv
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) comment import maritime-2027-1 JM-form.csv --as JM
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) comment reply TT-1 --as secretariat --text "Agreed in principle; the drafters will propose a night-time limit"
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) comment dispose BZ-1 --accepted --reason "Title added" --as secretariat
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) comment dispose JM-1 --noted --reason "Airports used by private aircraft are taken up in the review of SOP-002" --as secretariat
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) round status maritime-2027-1
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) comment dispose TT-1 --modified --reason "A night-time limit of four hours is added in revision 2" --as secretariat
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) comment clear TT-1 --as TT
	@cd $(DEMO) && for who in TT JM DO BS; do $(DEMO_CLOCK) ../$(BIN) position maritime-2027-1 --as $$who approve; done
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) position maritime-2027-1 --as BZ approve --reserve boarding --statement "Belize applies section 5.4 subject to its Maritime Areas Act"
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) round status maritime-2027-1
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) comment export maritime-2027-1 --dispositions -o dispositions.csv
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) round close maritime-2027-1 --as secretariat
	@cd $(DEMO) && ../$(BIN) draft switch main
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) adopt maritime-2027-1 --version 2027.1 --effective 2027-03-01 --as secretariat --dry-run
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) adopt maritime-2027-1 --version 2027.1 --effective 2027-03-01 --as secretariat --yes
	@cd $(DEMO) && ../$(BIN) verify set/2027.1
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) review due --within 1y
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) review record SOP-002 --verdict no-change --reason "Checked against the region's 2026 border interview guidelines" --as secretariat
	@cd $(DEMO) && ../$(BIN) verify review/SOP-002/2027-01-11 | head -1
	@cd $(DEMO) && ../$(BIN) draft start flag-state
	@cd $(DEMO) && sed -i 's/answer within four hours/answer within three hours/' Procedures/SOP-004-maritime-interception.md
	@cd $(DEMO) && ../$(BIN) draft save -m "Flag states answer within three hours"
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) round open flag-state --participants BZ,TT,JM,DO,BS --closes 2027-02-01T17:00Z --as secretariat
	@cd $(DEMO) && for who in BZ TT JM DO BS; do $(DEMO_CLOCK) ../$(BIN) position flag-state-1 --as $$who approve; done
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) round close flag-state-1 --as secretariat
	@cd $(DEMO) && ../$(BIN) draft switch main
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) adopt flag-state-1 --version 2027.2 --effective 2027-09-01 --as secretariat
	@cd $(DEMO) && GIT_AUTHOR_NAME="Ana Ruiz" GIT_AUTHOR_EMAIL=ana.ruiz@immigration.gov.tt $(READ_CLOCK) ../$(BIN) acknowledge SOP-004 --as TT
	@cd $(DEMO) && GIT_AUTHOR_NAME="Paul Brown" GIT_AUTHOR_EMAIL=paul.brown@pica.gov.jm $(READ_CLOCK) ../$(BIN) acknowledge SOP-004 --as JM
	@cd $(DEMO) && SOP_NOW=2027-04-02T09:00Z ../$(BIN) acknowledgements SOP-004 --overdue | head -4
	@cd $(DEMO) && ../$(BIN) show SOP-004 --on 2027-06-01 | head -2
	@cd $(DEMO) && ../$(BIN) publish --on 2027-06-01 --out site-2027-06-01
	@cd $(DEMO) && ../$(BIN) publish --on 2027-10-01 --out site-2027-10-01
	@cd $(DEMO) && ../$(BIN) publish --pdf --base-url https://cmc.example.org/sop
	@cd $(DEMO) && ../$(BIN) export akn -o akn
	@cd $(DEMO) && ../$(BIN) translations --lang fr --brief
	@cd $(DEMO) && ../$(BIN) draft start night-limit
	@cd $(DEMO) && sed -i 's/within one hour/within one hour (four hours between 18:00 and 06:00)/' Procedures/SOP-004-maritime-interception.md
	@cd $(DEMO) && ../$(BIN) draft save -m "Night-time reporting limit"
	@cd $(DEMO) && ../$(BIN) publish --ref draft/night-limit --out _preview
	@cd $(DEMO) && ../$(BIN) draft switch main
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) key new --as portal --name "CMC consultation portal (demo)" --register | tail -1
	@cd $(DEMO) && $(DEMO_CLOCK) ../$(BIN) round open night-limit --participants TT,JM,BZ,HT,IOM --closes 2027-02-15T17:00Z --rule consensus --title "Night-time reporting limit" --as secretariat
	@mkdir -p $(DEMO)/.git/sop && cd $(DEMO) && for who in "ana.ruiz@immigration.gov.tt TT Ana_Ruiz en" "paul.brown@pica.gov.jm JM Paul_Brown en" "maria.chen@immigration.gov.bz BZ Maria_Chen en" "jean.pierre@immigration.gouv.ht HT Jean_Pierre fr" "lee.santos@iom.example.org IOM Lee_Santos en" "desk@cmc.example.org secretariat Secretariat_desk en"; do \
	  set -- $$who; $(DEMO_CLOCK) ../$(BIN) user add $$1 --as $$2 --name "$${3//_/ }" --lang $$4 --base-url http://localhost:$(DEMO_PORT) --json \
	    | python3 -c 'import json,sys; print(json.load(sys.stdin)["link"])' > .git/sop/link-$$2; done
	@cd $(DEMO) && ($(DEMO_CLOCK) nohup ../$(BIN) serve --port $(DEMO_PORT) > portal.log 2>&1 & echo $$! > portal.pid)
	@for _ in $$(seq 100); do curl -fs -o /dev/null http://localhost:$(DEMO_PORT)/signin && break; sleep 0.1; done
	@cd $(DEMO) && for code in TT JM BZ HT IOM secretariat; do ../Scripts/portal-password.sh "$$(cat .git/sop/link-$$code)" "demo password $$code" && rm .git/sop/link-$$code; done
	@echo
	@echo "Demo workspace: $(CURDIR)/$(DEMO)  (a git repository; try: cd $(DEMO) && ../$(BIN) --help)"
	@echo "Rendered procedure: $(CURDIR)/$(DEMO)/SOP-004.html"
	@echo "Consultation round: cd $(DEMO) && ../$(BIN) round status maritime-2027-1; comment form JM-form.csv, disposition table dispositions.csv"
	@echo "Adopted set: git -C $(DEMO) show set/2027.1 (the sealed record); demo private keys in $(CURDIR)/.demo-keys"
	@echo "Periodic review: cd $(DEMO) && ../$(BIN) review list (the sealed verdict: git -C $(DEMO) show review/SOP-002/2027-01-11)"
	@echo "Acknowledgements: cd $(DEMO) && SOP_NOW=2027-04-02T09:00Z ../$(BIN) acknowledgements (TT and JM read SOP-004 1.1: git -C $(DEMO) show ack/SOP-004/1.1/TT)"
	@echo "Published site of set/2027.2: open $(CURDIR)/$(DEMO)/_site/index.html (PDF: $(DEMO)/_site/print.pdf)"
	@echo "The set as in force on 1 June 2027 (SOP-004 of set/2027.1; set/2027.2 changes it from 1 September): open $(CURDIR)/$(DEMO)/site-2027-06-01/procedures/SOP-004.html"
	@echo "  and on 1 October 2027: open $(CURDIR)/$(DEMO)/site-2027-10-01/procedures/SOP-004.html (its Versions list, the page of 2027.1's version, the comparison procedures/SOP-004/compare-2027.1-2027.2.html)"
	@echo "  in French: open $(CURDIR)/$(DEMO)/_site/fr/procedures/SOP-002.html (a working translation 2 sections behind; es/ and nl/ too)"
	@echo "Akoma Ntoso 3.0 documents of set/2027.1: $(CURDIR)/$(DEMO)/akn/ (e.g. SOP-004.en.xml, SOP-004.fr.xml)"
	@echo "Preview of draft night-limit with its redline: open $(CURDIR)/$(DEMO)/_preview/redline/SOP-004.html"
	@echo "Consultation portal on draft night-limit: http://localhost:$(DEMO_PORT)/ (log $(DEMO)/portal.log; stop it with: kill \$$(cat $(DEMO)/portal.pid))"
	@echo "  the published set it serves, on its own origin (a sandbox without sessions): http://localhost:$$(( $(DEMO_PORT) + 1 ))/"
	@echo "  sign in as ana.ruiz@immigration.gov.tt (Trinidad and Tobago), paul.brown@pica.gov.jm (Jamaica), maria.chen@immigration.gov.bz (Belize),"
	@echo "  jean.pierre@immigration.gouv.ht (Haiti, in French: SOP-004 in its official French version, one section behind the English),"
	@echo "  lee.santos@iom.example.org (IOM, observer) or desk@cmc.example.org (secretariat); the password is 'demo password' and the code: 'demo password TT', ... 'demo password secretariat'"

# The release build: the Swift runtime and Foundation linked in, so that `sop` starts in a few
# milliseconds instead of loading them (about 7 ms on the development machine).
RELEASE_BUILD = $(SWIFT) build -c release --static-swift-stdlib
GOALS = $(CURDIR)/.build/goals.txt

# The revision before the governed key registry: verification is timed against it.
VERIFY_BEFORE ?= da08933

## bench: every benchmark in Benchmarks/, then issue 16's five goals in one table (GOAL rows).
bench: bench-deps
	$(RELEASE_BUILD)
	rm -f $(GOALS)
	Benchmarks/foundation.sh $(CURDIR)/.build/release/sop
	Benchmarks/rounds.sh $(CURDIR)/.build/release/sop
	Benchmarks/digest.sh $(CURDIR)/.build/release/sop
	Benchmarks/import.sh $(CURDIR)/.build/release/sop
	BEFORE=$$(Benchmarks/build-revision.sh $(VERIFY_BEFORE) $(CURDIR)/.build-before) Benchmarks/verify.sh $(CURDIR)/.build/release/sop
	GOALS=$(GOALS) Benchmarks/cli.sh $(CURDIR)/.build/release/sop
	GOALS=$(GOALS) TMPDIR=/dev/shm Benchmarks/publish.sh $(CURDIR)/.build/release/sop
	$(SWIFT) run -c release --package-path Benchmarks/MustacheTags
	Benchmarks/portal.sh $(CURDIR)/.build/release/sop
	GOALS=$(GOALS) SEED=600 PAGE_CONNECTIONS=50 Benchmarks/portal.sh $(CURDIR)/.build/release/sop
	@echo; echo "Issue 16's goals, measured in this run on $$(nproc) cores ($$(uname -m)):"; cat $(GOALS)

install: deps
	$(RELEASE_BUILD)
	install -d $(PREFIX)/bin $(PREFIX)/share/sop
	install -m 755 .build/release/sop .build/release/sop-portal $(PREFIX)/bin/
	cp -R Procedures Templates Samples $(PREFIX)/share/sop/

clean:
	if [ -f $(DEMO)/portal.pid ]; then kill $$(cat $(DEMO)/portal.pid) 2>/dev/null || true; fi
	rm -rf .build $(DEMO) .demo-keys
