from requests_app.applications.privacy import mask_address, mask_email, mask_id, mask_phone


def test_mask_id_keeps_four_characters_at_each_end():
    assert mask_id("510302199001011234") == "5103**********1234"


def test_mask_id_of_a_credit_code():
    assert mask_id("91510300MA62K8XQ3B") == "9151**********XQ3B"


def test_short_document_numbers_keep_only_the_first_character():
    assert mask_id("E1234567") == "E*******"


def test_mask_phone_keeps_prefix_and_last_four():
    assert mask_phone("13800005678") == "138****5678"
    assert mask_phone("0813-2201234") == "081*****1234"


def test_mask_address_keeps_the_region_only():
    assert mask_address("四川省自贡市自流井区测试路8号") == "四川省自贡市****"


def test_mask_email_keeps_the_domain():
    assert mask_email("zhang.san@example.com") == "z***@example.com"


def test_empty_values_stay_empty():
    assert mask_id("") == mask_phone("") == mask_address("") == mask_email("") == ""
