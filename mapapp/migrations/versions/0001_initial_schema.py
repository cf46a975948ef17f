"""Initial schema: reference data, listings, people, ingest runs.

Written once from the models and frozen here; later changes are new revisions. Runs on
SpatiaLite and PostGIS alike (GeoAlchemy2 registers geometry columns and spatial indexes
the way each backend needs).

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_geospatial_table(
        "districts",
        sa.Column("code", sa.String(length=9), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("in_area", sa.Boolean(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("population_source", sa.String(length=60), nullable=True),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="MULTIPOLYGON",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_districts")),
    )
    op.create_geospatial_index(
        "idx_districts_geom",
        "districts",
        ["geom"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_index(op.f("ix_districts_in_area"), "districts", ["in_area"], unique=False)
    op.create_table(
        "geocode_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=40), nullable=False),
        sa.Column("query", sa.String(length=500), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column(
            "precision",
            sa.Enum(
                "exact",
                "postcode",
                "place",
                "approximate",
                "none",
                name="precision",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_geocode_cache")),
        sa.UniqueConstraint("provider", "query", name="uq_geocode_cache_query"),
    )
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=True),
        sa.Column("format", sa.String(length=20), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "running",
                "completed",
                "failed",
                "dry_run",
                name="run_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("started_by", sa.String(length=200), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_runs")),
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("lero", sa.Boolean(), nullable=False),
        sa.Column("charity_number", sa.String(length=20), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
    )
    op.create_index(op.f("ix_organisations_name"), "organisations", ["name"], unique=False)
    op.create_table(
        "places",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.String(length=120), nullable=False),
        sa.Column("alt_name_key", sa.String(length=120), nullable=True),
        sa.Column("local_type", sa.String(length=30), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("easting", sa.Float(), nullable=False),
        sa.Column("northing", sa.Float(), nullable=False),
        sa.Column("postcode_district", sa.String(length=4), nullable=True),
        sa.Column("county", sa.String(length=120), nullable=True),
        sa.Column("district_code", sa.String(length=9), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
    )
    op.create_index(op.f("ix_places_alt_name_key"), "places", ["alt_name_key"], unique=False)
    op.create_index(op.f("ix_places_district_code"), "places", ["district_code"], unique=False)
    op.create_index(op.f("ix_places_name_key"), "places", ["name_key"], unique=False)
    op.create_table(
        "postcodes",
        sa.Column("key", sa.String(length=8), nullable=False),
        sa.Column("postcode", sa.String(length=8), nullable=False),
        sa.Column("outcode", sa.String(length=4), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("easting", sa.Float(), nullable=False),
        sa.Column("northing", sa.Float(), nullable=False),
        sa.Column("district_code", sa.String(length=9), nullable=True),
        sa.Column("positional_quality", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_postcodes")),
    )
    op.create_index(
        op.f("ix_postcodes_district_code"), "postcodes", ["district_code"], unique=False
    )
    op.create_index(op.f("ix_postcodes_outcode"), "postcodes", ["outcode"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "navigator",
                "commissioner",
                "admin",
                name="role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_geospatial_table(
        "venues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("town", sa.String(length=100), nullable=True),
        sa.Column("postcode", sa.String(length=8), nullable=True),
        sa.Column("location_notes", sa.Text(), nullable=True),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column(
            "geom_bng",
            Geometry(
                geometry_type="POINT",
                srid=27700,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column(
            "precision",
            sa.Enum(
                "exact",
                "postcode",
                "place",
                "approximate",
                "none",
                name="precision",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("geocode_source", sa.String(length=40), nullable=True),
        sa.Column("district_code", sa.String(length=9), nullable=True),
        sa.Column("outside_area", sa.Boolean(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venues")),
    )
    op.create_geospatial_index(
        "idx_venues_geom_bng",
        "venues",
        ["geom_bng"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_index(op.f("ix_venues_district_code"), "venues", ["district_code"], unique=False)
    op.create_index(op.f("ix_venues_postcode"), "venues", ["postcode"], unique=False)
    op.create_table(
        "assets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "meeting",
                "service",
                "activity",
                "opportunity",
                name="kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("fellowship", sa.String(length=60), nullable=True),
        sa.Column("types", sa.JSON(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("venue_id", sa.Integer(), nullable=True),
        sa.Column("conference_url", sa.String(length=500), nullable=True),
        sa.Column("conference_url_notes", sa.Text(), nullable=True),
        sa.Column("conference_phone", sa.String(length=60), nullable=True),
        sa.Column("conference_phone_notes", sa.Text(), nullable=True),
        sa.Column(
            "attendance",
            sa.Enum(
                "in_person",
                "online",
                "hybrid",
                name="attendance",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("contact_name", sa.String(length=60), nullable=True),
        sa.Column("contact_email", sa.String(length=200), nullable=True),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("contact_private", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "inactive",
                "archived",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("review_reason", sa.Text(), nullable=True),
        sa.Column("last_verified_at", sa.DateTime(), nullable=True),
        sa.Column("last_verified_by", sa.String(length=200), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_assets_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_assets_venue_id_venues")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assets")),
        sa.UniqueConstraint("slug", name=op.f("uq_assets_slug")),
    )
    op.create_index(op.f("ix_assets_attendance"), "assets", ["attendance"], unique=False)
    op.create_index(op.f("ix_assets_fellowship"), "assets", ["fellowship"], unique=False)
    op.create_index(op.f("ix_assets_is_demo"), "assets", ["is_demo"], unique=False)
    op.create_index(op.f("ix_assets_kind"), "assets", ["kind"], unique=False)
    op.create_index(op.f("ix_assets_needs_review"), "assets", ["needs_review"], unique=False)
    op.create_index(op.f("ix_assets_organisation_id"), "assets", ["organisation_id"], unique=False)
    op.create_index(op.f("ix_assets_status"), "assets", ["status"], unique=False)
    op.create_index(op.f("ix_assets_venue_id"), "assets", ["venue_id"], unique=False)
    op.create_geospatial_table(
        "small_areas",
        sa.Column("code", sa.String(length=9), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("district_code", sa.String(length=9), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("age_0_15", sa.Integer(), nullable=True),
        sa.Column("age_16_24", sa.Integer(), nullable=True),
        sa.Column("age_25_34", sa.Integer(), nullable=True),
        sa.Column("age_35_49", sa.Integer(), nullable=True),
        sa.Column("age_50_64", sa.Integer(), nullable=True),
        sa.Column("age_65_plus", sa.Integer(), nullable=True),
        sa.Column("imd_score", sa.Float(), nullable=True),
        sa.Column("imd_decile", sa.Integer(), nullable=True),
        sa.Column("imd_method", sa.String(length=10), nullable=True),
        sa.Column(
            "centroid",
            Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column(
            "centroid_bng",
            Geometry(
                geometry_type="POINT",
                srid=27700,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["district_code"],
            ["districts.code"],
            name=op.f("fk_small_areas_district_code_districts"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_small_areas")),
    )
    op.create_geospatial_index(
        "idx_small_areas_centroid_bng",
        "small_areas",
        ["centroid_bng"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_index(
        op.f("ix_small_areas_district_code"), "small_areas", ["district_code"], unique=False
    )
    op.create_index(op.f("ix_small_areas_imd_decile"), "small_areas", ["imd_decile"], unique=False)
    op.create_table(
        "asset_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=True),
        sa.Column(
            "via",
            sa.Enum(
                "editor",
                "ingest",
                "feedback",
                "system",
                "revert",
                name="change_via",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["assets.id"],
            name=op.f("fk_asset_changes_asset_id_assets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["ingest_runs.id"], name=op.f("fk_asset_changes_run_id_ingest_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_changes")),
    )
    op.create_index(op.f("ix_asset_changes_asset_id"), "asset_changes", ["asset_id"], unique=False)
    op.create_table(
        "asset_domains",
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column(
            "domain",
            sa.Enum(
                "twelve-step",
                "mutual-aid",
                "recovery-support",
                "activities",
                "volunteering",
                "community-links",
                "growth-pathways",
                "treatment",
                name="domain",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["assets.id"],
            name=op.f("fk_asset_domains_asset_id_assets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("asset_id", "domain", name=op.f("pk_asset_domains")),
    )
    op.create_index(op.f("ix_asset_domains_domain"), "asset_domains", ["domain"], unique=False)
    op.create_table(
        "asset_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("last_run_id", sa.Integer(), nullable=True),
        sa.Column("record_hash", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["assets.id"],
            name=op.f("fk_asset_sources_asset_id_assets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["last_run_id"],
            ["ingest_runs.id"],
            name=op.f("fk_asset_sources_last_run_id_ingest_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_sources")),
        sa.UniqueConstraint("source", "source_id", name="uq_asset_sources_key"),
    )
    op.create_index(op.f("ix_asset_sources_asset_id"), "asset_sources", ["asset_id"], unique=False)
    op.create_table(
        "asset_tags",
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "audience",
                "accessibility",
                name="tag_category",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["assets.id"],
            name=op.f("fk_asset_tags_asset_id_assets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("asset_id", "category", "tag", name=op.f("pk_asset_tags")),
    )
    op.create_index("ix_asset_tags_category_tag", "asset_tags", ["category", "tag"], unique=False)
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "problem",
                "suggestion",
                name="feedback_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "category",
            sa.Enum(
                "closed",
                "moved",
                "time_changed",
                "contact_wrong",
                "other",
                name="feedback_category",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("suggested", sa.JSON(), nullable=False),
        sa.Column("reporter_email", sa.String(length=200), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "accepted",
                "rejected",
                name="feedback_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=200), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["assets.id"], name=op.f("fk_feedback_asset_id_assets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    op.create_index(op.f("ix_feedback_asset_id"), "feedback", ["asset_id"], unique=False)
    op.create_index(op.f("ix_feedback_status"), "feedback", ["status"], unique=False)
    op.create_table(
        "ingest_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=True),
        sa.Column(
            "severity",
            sa.Enum(
                "rejected", "flagged", name="severity", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("original", sa.JSON(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["assets.id"], name=op.f("fk_ingest_issues_asset_id_assets")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["ingest_runs.id"],
            name=op.f("fk_ingest_issues_run_id_ingest_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_issues")),
    )
    op.create_index(op.f("ix_ingest_issues_run_id"), "ingest_issues", ["run_id"], unique=False)
    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column(
            "frequency",
            sa.Enum(
                "weekly",
                "fortnightly",
                "monthly",
                name="frequency",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("nth", sa.Integer(), nullable=True),
        sa.Column("anchor_date", sa.Date(), nullable=True),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("timezone", sa.String(length=40), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("notes", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["assets.id"],
            name=op.f("fk_schedules_asset_id_assets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedules")),
    )
    op.create_index(op.f("ix_schedules_asset_id"), "schedules", ["asset_id"], unique=False)
    op.create_index(op.f("ix_schedules_weekday"), "schedules", ["weekday"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_schedules_weekday"), table_name="schedules")
    op.drop_index(op.f("ix_schedules_asset_id"), table_name="schedules")
    op.drop_table("schedules")
    op.drop_index(op.f("ix_ingest_issues_run_id"), table_name="ingest_issues")
    op.drop_table("ingest_issues")
    op.drop_index(op.f("ix_feedback_status"), table_name="feedback")
    op.drop_index(op.f("ix_feedback_asset_id"), table_name="feedback")
    op.drop_table("feedback")
    op.drop_index("ix_asset_tags_category_tag", table_name="asset_tags")
    op.drop_table("asset_tags")
    op.drop_index(op.f("ix_asset_sources_asset_id"), table_name="asset_sources")
    op.drop_table("asset_sources")
    op.drop_index(op.f("ix_asset_domains_domain"), table_name="asset_domains")
    op.drop_table("asset_domains")
    op.drop_index(op.f("ix_asset_changes_asset_id"), table_name="asset_changes")
    op.drop_table("asset_changes")
    op.drop_index(op.f("ix_small_areas_imd_decile"), table_name="small_areas")
    op.drop_index(op.f("ix_small_areas_district_code"), table_name="small_areas")
    op.drop_geospatial_index(
        "idx_small_areas_centroid_bng",
        table_name="small_areas",
        postgresql_using="gist",
        column_name="centroid_bng",
    )
    op.drop_geospatial_table("small_areas")
    op.drop_index(op.f("ix_assets_venue_id"), table_name="assets")
    op.drop_index(op.f("ix_assets_status"), table_name="assets")
    op.drop_index(op.f("ix_assets_organisation_id"), table_name="assets")
    op.drop_index(op.f("ix_assets_needs_review"), table_name="assets")
    op.drop_index(op.f("ix_assets_kind"), table_name="assets")
    op.drop_index(op.f("ix_assets_is_demo"), table_name="assets")
    op.drop_index(op.f("ix_assets_fellowship"), table_name="assets")
    op.drop_index(op.f("ix_assets_attendance"), table_name="assets")
    op.drop_table("assets")
    op.drop_index(op.f("ix_venues_postcode"), table_name="venues")
    op.drop_index(op.f("ix_venues_district_code"), table_name="venues")
    op.drop_geospatial_index(
        "idx_venues_geom_bng", table_name="venues", postgresql_using="gist", column_name="geom_bng"
    )
    op.drop_geospatial_table("venues")
    op.drop_table("users")
    op.drop_index(op.f("ix_postcodes_outcode"), table_name="postcodes")
    op.drop_index(op.f("ix_postcodes_district_code"), table_name="postcodes")
    op.drop_table("postcodes")
    op.drop_index(op.f("ix_places_name_key"), table_name="places")
    op.drop_index(op.f("ix_places_district_code"), table_name="places")
    op.drop_index(op.f("ix_places_alt_name_key"), table_name="places")
    op.drop_table("places")
    op.drop_index(op.f("ix_organisations_name"), table_name="organisations")
    op.drop_table("organisations")
    op.drop_table("ingest_runs")
    op.drop_table("geocode_cache")
    op.drop_index(op.f("ix_districts_in_area"), table_name="districts")
    op.drop_geospatial_index(
        "idx_districts_geom", table_name="districts", postgresql_using="gist", column_name="geom"
    )
    op.drop_geospatial_table("districts")
