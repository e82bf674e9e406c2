"""Who is asking, and which slice of one group they may see.

Every repository takes a `Scope`: the group id is mandatory (so a query without a group cannot be
written), and a member or employee scope narrows reads further. Managers and accountants see the whole
group; a member key sees its own member; an employee key sees its own employee.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    group_id: int
    role: str = "manager"
    member_id: int | None = None
    employee_id: int | None = None
    actor: str = "system"
    key_id: int | None = None
    session_id: int | None = None  # a signed-in browser (persistence.accounts), else None

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"

    @property
    def whole_group(self) -> bool:
        """Whether reads are not narrowed to one member or employee."""
        return self.member_id is None and self.employee_id is None

    @classmethod
    def system(cls, group_id: int, actor: str = "system") -> Scope:
        """Full access for server-side code (imports, jobs, `ge serve`)."""
        return cls(group_id=group_id, role="manager", actor=actor)
