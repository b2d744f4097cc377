from django.db import models
from django.utils.translation import gettext_lazy as _


class PostKind(models.TextChoices):
    A = "A", _("A岗（主责）")
    B = "B", _("B岗（补位）")


class LeaveKind(models.TextChoices):
    ANNUAL = "annual", _("年休假")
    SICK = "sick", _("病假")
    PERSONAL = "personal", _("事假")
    COMPENSATORY = "comp", _("调休")
    TRAINING = "training", _("培训/外出")


class LeaveStatus(models.TextChoices):
    REQUESTED = "requested", _("待批准")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已撤回")


# Who may still change their mind: a request is withdrawn (never deleted) until it is decided.
LEAVE_WITHDRAWABLE = (LeaveStatus.REQUESTED,)


class RosterStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class SwapStatus(models.TextChoices):
    PROPOSED = "proposed", _("待同事确认")
    ACCEPTED = "accepted", _("待主任批准")
    APPROVED = "approved", _("已批准")
    DECLINED = "declined", _("同事未同意")
    REJECTED = "rejected", _("主任未批准")
    CANCELLED = "cancelled", _("已撤回")


SWAP_OPEN = (SwapStatus.PROPOSED, SwapStatus.ACCEPTED)  # not yet decided: the proposer may withdraw
SWAP_WITHDRAWABLE = SWAP_OPEN


class AccountChangeKind(models.TextChoices):
    CREATED = "created", _("创建账号")
    LINK_ISSUED = "link_issued", _("签发设置密码链接")
    PASSWORD_SET = "password_set", _("通过链接设置密码")
    PASSWORD_CHANGED = "password_changed", _("修改密码")
    ROLE_CHANGED = "role_changed", _("变更角色")
    DEACTIVATED = "deactivated", _("停用账号")
    REACTIVATED = "reactivated", _("恢复账号")
    FEED_ROTATED = "feed_rotated", _("更换日历订阅地址")
