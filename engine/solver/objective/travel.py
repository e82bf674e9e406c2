"""Travel: mileage (barème kilométrique, `mileage_per_km`) and paid travel time.

Travel between two workplaces in a day is working time (Cass. crim. 2 Sept 2014 n°13-80.665): its time
costs the loaded hourly cost × `travel_time_factor`, its distance the mileage rate. Home to first and
last site to home count only where the contract says so (`home_travel_is_work`, L3121-4).
"""

from __future__ import annotations

from engine.solver.model.context import Context


def build(ctx: Context) -> None:
    inst = ctx.inst
    weights = inst.scenario.objective
    per_tenth_km = inst.money(weights.mileage_per_km / 10)
    for staff in inst.staff:
        per_minute = inst.per_minute(staff.loaded_hourly * weights.travel_time_factor)
        for travel in ctx.travels[staff.index]:
            (minutes, per), (km, tenths) = travel.minutes, travel.km_tenths
            ctx.costs.add("mileage", km, tenths * per_tenth_km)
            ctx.costs.add("travel_time", minutes, per * per_minute)
        for leg in ctx.home_travel.get(staff.index, []):
            ctx.costs.add("mileage", leg.lit, leg.km_tenths * per_tenth_km)
            ctx.costs.add("travel_time", leg.lit, leg.minutes * per_minute)
