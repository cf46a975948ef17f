#!/usr/bin/env python3
"""Generate the fictional demo listings and write them out as GeoJSON for inspection.

    python scripts/make_demo_data.py --out demo.geojson [--count 400] [--seed 2026]

The generator itself is mapapp.demo (the same code `mapapp demo load` runs), so the file
shows exactly what the app loads. It works in a throwaway SpatiaLite database built from
the reference folder (MAPAPP_REFERENCE_DIR); your own database is not touched.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from mapapp.config import build_config
from mapapp.db import make_engine, session_scope, upgrade
from mapapp.maps.overview import asset_feature
from mapapp.models import Asset, Venue
from mapapp.ops.demo import load_demo
from mapapp.reference import load_reference


def generate(count: int, seed: int) -> dict:
    settings = build_config()
    with tempfile.TemporaryDirectory() as work:
        engine = make_engine(f"sqlite:///{Path(work) / 'demo.sqlite'}")
        upgrade(engine)
        load_reference(engine, settings)
        with session_scope(engine) as session:
            load_demo(session, count=count, seed=seed)
        with session_scope(engine) as session:
            rows = session.execute(
                select(Asset, func.ST_X(Venue.geom), func.ST_Y(Venue.geom))
                .outerjoin(Asset.venue)
                .order_by(Asset.slug)
                .options(
                    selectinload(Asset.domains),
                    selectinload(Asset.schedules),
                    selectinload(Asset.venue),
                )
            ).all()
            features = []
            for asset, lon, lat in rows:
                feature = asset_feature(asset, lon or 0.0, lat or 0.0)
                if lon is None:  # online only: no point, as GeoJSON allows
                    feature["geometry"] = None
                features.append(feature)
        engine.dispose()
    return {"type": "FeatureCollection", "features": features}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    collection = generate(args.count, args.seed)
    args.out.write_text(json.dumps(collection, indent=1, ensure_ascii=False))
    print(f"Wrote {len(collection['features'])} demo listings to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
