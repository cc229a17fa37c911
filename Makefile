# Short names for the Nx targets people use every day. Each line calls one Nx target; the logic
# lives in the targets (see docs/operations.md). `make help` lists them.
# Every command first installs the npm packages when they are missing or outdated, as `npm start` does.
NX := node tools/scripts/ensure-dependencies.mjs && npx nx
.DEFAULT_GOAL := help
.PHONY: help build up up-production upgrade secrets down logs status move-data psql migrate rebuild_db seed admin outbox backup restore test

# What people type (command=, file=, service=, email=, name=, super_admin=, requeue=, keep=, to=, version=) reaches the recipes as environment variables, quoted there: taken
# literally, never pasted into a shell line, never expanded by make ($(...) in SQL stays text).
override command := $(value command)
override file := $(value file)
override service := $(value service)
override email := $(value email)
override name := $(value name)
override super_admin := $(value super_admin)
override requeue := $(value requeue)
override keep := $(value keep)
override to := $(value to)
override version := $(value version)
export command file service email name super_admin requeue keep to version

# A switch people turn on with 1 or yes and leave out otherwise; anything else is refused.
# $(call switch,<name>,<what it turns on>,<what leaving it out does>)
switch = case "$$$(1)" in ''|1|yes) ;; *) echo "make $@: $(1)=$$$(1) is not understood: $(1)=1 (or yes) $(2); leave it out $(3)" >&2; exit 2 ;; esac

help: ## List the commands
	@grep -E '^[a-z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

build: ## Build the api, web and db images
	$(NX) run-many -t docker-build -p api,web,db

up: ## Start the platform (builds first) and print its addresses
	$(NX) run platform:up

up-production: ## Start the production stack (HTTPS edge for PUBLIC_HOST; docs/production.md)
	$(NX) run platform:up --production

upgrade: ## Move to the newest release (version=1.4.0 for another): shows what changed, backs up, pulls, migrates, restarts what changed
	$(NX) run platform:upgrade $(if $(version),--release="$$version") --tui=false

secrets: ## Create the production password files in SECRETS_DIR (keeps existing ones)
	$(NX) run platform:secrets

down: ## Stop the platform; data is kept
	$(NX) run platform:down

logs: ## Follow the logs of every service (service=api for one; service=edge in production)
	$(NX) run platform:logs $(if $(service),"$$service")

status: ## Show each service's state, health and address
	$(NX) run platform:status

move-data: ## Move the data to the other runtime and use it from then on: make move-data to=docker (or to=native)
	$(NX) run platform:move-data --to="$$to" --tui=false

psql: ## Open psql on the database (command="SELECT 1" runs one statement)
	$(NX) run db:psql $(if $(command),--command="$$command") --tui=false

migrate: ## Apply pending database migrations
	$(NX) run db:migrate

rebuild_db: ## Back up, drop and recreate the database, migrate and seed (asks first)
	$(NX) run db:rebuild-db --tui=false

seed: ## Load the demo data (development only)
	$(NX) run db:seed

admin: ## Create an account and print its password link: make admin email=a@example.com name="Ada Lovelace" [super_admin=1]
	@$(call switch,super_admin,makes a super admin,for an ordinary account)
	$(NX) run platform:admin --email="$$email" --name="$$name" $${super_admin:+--super-admin} --tui=false

outbox: ## Mail waiting and mail given up on; make outbox requeue=1 sends the dead mail again
	@$(call switch,requeue,sends the dead mail again,to look)
	$(NX) run platform:outbox $${requeue:+--requeue} --tui=false

backup: ## Save the database to backups/<database>-<time>.dump (keep=14 then deletes all but the newest 14)
	$(NX) run db:backup $(if $(keep),--keep="$$keep")

restore: ## Load a backup: make restore file=backups/<file>.dump (asks first)
	$(NX) run db:restore $(if $(file),"$$file") --tui=false

test: ## Run every test
	npm test
