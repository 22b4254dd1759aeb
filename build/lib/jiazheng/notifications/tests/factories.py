import factory

from jiazheng.notifications.models import SmsMessage


class SmsMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SmsMessage

    phone = factory.Sequence(lambda n: f"138{n:08d}")
    template = "verification_code"
    params = factory.LazyFunction(lambda: {"code": "123456"})
    body = "【家政服务中心】您的验证码是123456，5分钟内有效。"
