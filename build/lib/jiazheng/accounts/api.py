"""REST endpoints for sign-up, login tokens, the member's profile and OP-1."""

from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from jiazheng.accounts import services
from jiazheng.accounts.backends import SMS_CODE_ERROR_ATTR
from jiazheng.accounts.models import IdentityVerification, SmsCodePurpose
from jiazheng.accounts.queries import latest_verification
from jiazheng.accounts.tenancy import roles_of
from jiazheng.audit.services import client_ip
from jiazheng.common.errors import ServiceError

ErrorSerializer = inline_serializer(
    name="AccountsError",
    fields={
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
        ),
    },
)
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 429: ErrorSerializer}


class SmsCodeRequestSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20)
    purpose = serializers.ChoiceField(choices=SmsCodePurpose.choices)


class SmsCodeSentSerializer(serializers.Serializer):
    detail = serializers.CharField()
    resend_after = serializers.IntegerField(help_text="秒")
    expires_in = serializers.IntegerField(help_text="秒")


class SignupSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[("family", "family"), ("enterprise", "enterprise")]
    )
    phone = serializers.CharField(max_length=20)
    code = serializers.CharField(max_length=6)
    name = serializers.CharField(max_length=64)
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    company_name = serializers.CharField(max_length=128, required=False, default="")
    credit_code = serializers.CharField(
        max_length=24, required=False, default="", allow_blank=True
    )

    def validate(self, attrs):
        if attrs["kind"] == "enterprise" and not attrs.get("company_name"):
            raise serializers.ValidationError(
                {"company_name": _("企业会员请填写企业名称。")}
            )
        return attrs


class TokenRequestSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20)
    password = serializers.CharField(required=False, trim_whitespace=False)
    sms_code = serializers.CharField(required=False, max_length=6)

    def validate(self, attrs):
        if bool(attrs.get("password")) == bool(attrs.get("sms_code")):
            raise serializers.ValidationError(_("请提供密码或短信验证码中的一种。"))
        return attrs


class PasswordResetSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20)
    code = serializers.CharField(max_length=6)
    new_password = serializers.CharField(trim_whitespace=False)


class VerificationSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(source="id_number_masked", read_only=True)

    class Meta:
        model = IdentityVerification
        fields = [
            "id",
            "real_name",
            "id_number",
            "status",
            "reject_reason",
            "created_at",
            "reviewed_at",
        ]
        read_only_fields = fields


class VerificationSubmitSerializer(serializers.Serializer):
    real_name = serializers.CharField(max_length=64)
    id_number = serializers.CharField(max_length=20)
    id_photo = serializers.FileField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    phone = serializers.CharField(read_only=True, help_text="本人可见完整号码")
    name = serializers.CharField(max_length=64, required=False)
    email = serializers.EmailField(required=False, allow_blank=True)
    is_real_name_verified = serializers.BooleanField(read_only=True)
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    verification = VerificationSerializer(read_only=True, allow_null=True)

    def to_representation(self, user):
        data = {
            "id": user.pk,
            "phone": user.phone,
            "name": user.name,
            "email": user.email,
            "is_real_name_verified": user.is_real_name_verified,
            "roles": sorted(str(role) for role in roles_of(user)),
            "verification": None,
        }
        verification = latest_verification(user)
        if verification is not None:
            data["verification"] = VerificationSerializer(verification).data
        return data


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    user = MeSerializer()


class PublicAuthView(APIView):
    """Endpoints used before signing in: no session, so no CSRF check."""

    authentication_classes = []
    permission_classes = [AllowAny]


class SmsCodeView(PublicAuthView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sms_code"

    @extend_schema(
        request=SmsCodeRequestSerializer,
        responses={201: SmsCodeSentSerializer, **ERRORS},
        summary="发送短信验证码",
        description=(
            "同一手机号每分钟一条、每日有上限；同一 IP 每日有上限。"
            "登录和重置密码时，未注册的手机号得到同样的应答但不会收到短信。"
        ),
    )
    def post(self, request):
        serializer = SmsCodeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sent = services.request_code(
            **serializer.validated_data, ip_address=client_ip(request._request)
        )
        body = {
            "detail": _("验证码已发送。"),
            "resend_after": sent.resend_after,
            "expires_in": sent.expires_in,
        }
        return Response(body, status=status.HTTP_201_CREATED)


def _token_response(request, user, status_code=status.HTTP_200_OK):
    token, _created = Token.objects.get_or_create(user=user)
    body = {"token": token.key, "user": MeSerializer(user).data}
    return Response(body, status=status_code)


class SignupView(PublicAuthView):
    @extend_schema(
        request=SignupSerializer,
        responses={201: TokenSerializer, **ERRORS},
        summary="注册家庭会员或企业会员",
    )
    def post(self, request):
        serializer = SignupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        kind = data.pop("kind")
        if kind == "enterprise":
            user = services.sign_up_enterprise_member(**data)
        else:
            data.pop("company_name", None)
            data.pop("credit_code", None)
            user = services.sign_up_family_member(**data)
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        return _token_response(request, user, status.HTTP_201_CREATED)


class TokenView(PublicAuthView):
    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **ERRORS},
        summary="以手机号加密码或短信验证码换取令牌",
        description="连续失败次数过多后返回 403，code 为 locked_out。",
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        django_request = request._request
        credentials = {"username": data["phone"].strip()}
        if data.get("password"):
            credentials["password"] = data["password"]
        else:
            credentials["sms_code"] = data["sms_code"]
        # Through authenticate(): axes counts failures, signals reach the log.
        user = authenticate(request=django_request, **credentials)
        if user is None:
            if getattr(django_request, "axes_locked_out", False):
                # This endpoint answers the lockout itself, as JSON; the flag
                # would make axes' middleware replace it with an HTML page.
                django_request.axes_locked_out = False
                raise ServiceError(
                    _("登录失败次数过多，账号已暂时锁定，请稍后再试或找回密码。"),
                    code="locked_out",
                    status=403,
                )
            code_error = getattr(django_request, SMS_CODE_ERROR_ATTR, None)
            if code_error is not None:
                raise code_error
            raise ServiceError(
                _("手机号或密码错误。"), code="invalid_credentials", status=400
            )
        user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        return _token_response(request, user)


class PasswordResetView(PublicAuthView):
    @extend_schema(
        request=PasswordResetSerializer,
        responses={
            200: inline_serializer(
                name="PasswordResetDone", fields={"detail": serializers.CharField()}
            ),
            **ERRORS,
        },
        summary="凭短信验证码重置密码",
    )
    def post(self, request):
        serializer = PasswordResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.reset_password(**serializer.validated_data)
        return Response({"detail": _("密码已重置。")})


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: MeSerializer}, summary="当前用户资料")
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        request=MeSerializer,
        responses={200: MeSerializer, **ERRORS},
        summary="修改姓名或电子邮箱",
    )
    def patch(self, request):
        serializer = MeSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.update_profile(
            user=request.user,
            name=serializer.validated_data.get("name"),
            email=serializer.validated_data.get("email"),
        )
        return Response(MeSerializer(user).data)


class VerificationView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": VerificationSubmitSerializer},
        responses={201: VerificationSerializer, **ERRORS},
        summary="提交实名认证",
    )
    def post(self, request):
        serializer = VerificationSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        verification = services.submit_verification(
            user=request.user, **serializer.validated_data
        )
        return Response(
            VerificationSerializer(verification).data, status=status.HTTP_201_CREATED
        )
