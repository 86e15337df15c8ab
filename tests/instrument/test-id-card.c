/* test-id-card.c: the 二代证 reader's frames, text block and host commands
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dabiao-error.h"
#include "dabiao-id-card.h"
#include "dabiao-parser.h"

static DabiaoIdCard *
make_card (const char *name,
           const char *number)
{
  DabiaoIdCard *card = g_new0 (DabiaoIdCard, 1);

  card->name = g_strdup (name);
  card->sex_code = g_strdup ("2");
  card->nation_code = g_strdup ("05");
  card->birth = g_strdup ("19850312");
  card->address = g_strdup ("新疆维吾尔自治区乌鲁木齐市天山区解放南路123号4单元501室东侧临时住所");
  card->number = g_strdup (number);
  card->authority = g_strdup ("乌鲁木齐市公安局天山分局");
  card->valid_from = g_strdup ("20150101");
  card->valid_to = g_strdup ("长期");
  return card;
}

static GBytes *
read_answer (const DabiaoIdCard *card)
{
  g_autoptr(GBytes) text = dabiao_id_card_to_text (card);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  static const guint8 sizes[4] = { 0x01, 0x00, 0x04, 0x00 };
  guint8 photo[1024] = { 0x57, 0x4C, };   /* "WL": a photo the parser must skip */

  g_byte_array_append (data, sizes, 4);
  g_byte_array_append (data, g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  g_byte_array_append (data, photo, sizeof photo);
  return dabiao_sam_answer (DABIAO_SAM_OK, data->data, data->len);
}

static void
test_text_round_trip (void)
{
  g_autoptr(DabiaoIdCard) card = make_card ("阿卜杜热合曼·买买提", "650102198503120023");
  g_autoptr(GBytes) text = dabiao_id_card_to_text (card);
  g_autoptr(DabiaoIdCard) back = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *t = g_bytes_get_data (text, NULL);

  g_assert_cmpuint (g_bytes_get_size (text), ==, DABIAO_ID_CARD_TEXT_SIZE);
  /* UCS-2 little-endian: 阿 is U+963F; the number starts at character 62. */
  g_assert_cmphex (t[0], ==, 0x3F);
  g_assert_cmphex (t[1], ==, 0x96);
  g_assert_cmphex (t[2 * 61], ==, '6');
  g_assert_cmphex (t[2 * 61 + 1], ==, 0);

  back = dabiao_id_card_new_from_text (t, DABIAO_ID_CARD_TEXT_SIZE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->name, ==, card->name);
  g_assert_cmpstr (back->sex_code, ==, "2");
  g_assert_cmpstr (back->nation_code, ==, "05");
  g_assert_cmpstr (dabiao_nation_name (back->nation_code), ==, "维吾尔");
  g_assert_cmpstr (back->birth, ==, "19850312");
  /* 35 characters of address fit; the rest is cut, as on a card. */
  g_assert_cmpuint (g_utf8_strlen (back->address, -1), ==, 35);
  g_assert_cmpstr (back->number, ==, "650102198503120023");
  g_assert_cmpstr (back->authority, ==, card->authority);
  g_assert_cmpstr (back->valid_to, ==, "长期");
}

static void
test_text_errors (void)
{
  guint8 text[DABIAO_ID_CARD_TEXT_SIZE] = { 0, };
  g_autoptr(GError) error = NULL;
  DabiaoIdCard *card;

  card = dabiao_id_card_new_from_text (text, 100, &error);
  g_assert_null (card);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A lone surrogate in the name is not text. */
  for (gsize i = 0; i < sizeof text; i += 2)
    text[i] = ' ', text[i + 1] = 0;
  text[0] = 0x00;
  text[1] = 0xD8;
  card = dabiao_id_card_new_from_text (text, sizeof text, &error);
  g_assert_null (card);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* All spaces: no name, no number. */
  text[0] = ' ';
  text[1] = 0;
  card = dabiao_id_card_new_from_text (text, sizeof text, &error);
  g_assert_null (card);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
}

static void
test_nations (void)
{
  g_assert_cmpstr (dabiao_nation_name ("01"), ==, "汉");
  g_assert_cmpstr (dabiao_nation_name ("56"), ==, "基诺");
  g_assert_null (dabiao_nation_name ("57"));
  g_assert_null (dabiao_nation_name ("1"));
  g_assert_cmpstr (dabiao_nation_code ("回族"), ==, "03");
  g_assert_cmpstr (dabiao_nation_code ("土"), ==, "30");
  g_assert_cmpstr (dabiao_nation_code ("08"), ==, "08");
  g_assert_null (dabiao_nation_code ("火星"));
}

static void
test_commands (void)
{
  g_autoptr(GBytes) find = dabiao_sam_command (DABIAO_SAM_CMD_FIND, DABIAO_SAM_PARA_FIND);
  g_autoptr(GBytes) read = dabiao_sam_command (DABIAO_SAM_CMD_READ, DABIAO_SAM_PARA_READ);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoProfile) profile = dabiao_profile_lookup ("id-card", &error);
  g_autoptr(GBytes) poll = NULL;
  /* The command frames every SAM document shows. */
  const guint8 expect_find[] = { 0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22 };
  const guint8 expect_read[] = { 0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x01, 0x32 };

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (find, NULL), g_bytes_get_size (find), expect_find, sizeof expect_find);
  g_assert_cmpmem (g_bytes_get_data (read, NULL), g_bytes_get_size (read), expect_read, sizeof expect_read);
  poll = dabiao_profile_build_request (profile);
  g_assert_true (g_bytes_equal (poll, find));
  g_assert_cmpint (dabiao_profile_get_family (profile), ==, DABIAO_FAMILY_SAM);
  g_assert_cmpuint (dabiao_profile_get_poll_interval (profile), >, 0);
}

/* Everything the decoder makes of @stream, as one line per frame; the same
 * for every way of cutting the stream. */
static char *
decode (const guint8 *data,
        gsize         len,
        guint         cut)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoProfile) profile = dabiao_profile_lookup ("id-card", &error);
  g_autoptr(DabiaoDecoder) decoder = dabiao_decoder_new (profile, NULL);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_frame_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (cut);
  GString *out = g_string_new (NULL);
  gsize pos = 0;

  g_assert_no_error (error);
  while (pos < len)
    {
      gsize n = cut == 0 ? len - pos : cut == 1 ? 1 : MIN ((gsize) g_rand_int_range (rand, 1, 300), len - pos);

      dabiao_decoder_feed (decoder, data + pos, n, 0, frames);
      pos += n;
    }
  for (guint i = 0; i < frames->len; i++)
    {
      DabiaoFrame *f = frames->pdata[i];

      g_string_append (out, dabiao_frame_kind_to_string (f->kind));
      if (f->reply)
        g_string_append_printf (out, " reply=%02X%02X", ((const guint8 *) g_bytes_get_data (f->reply, NULL))[7],
                                ((const guint8 *) g_bytes_get_data (f->reply, NULL))[8]);
      if (f->kind == DABIAO_FRAME_ACCEPTED || f->kind == DABIAO_FRAME_DUPLICATE)
        {
          g_autofree char *line = dabiao_reading_to_string (f->reading);

          g_assert_nonnull (f->reading->card);
          g_assert_cmpstr (f->reading->participant_id, ==, f->reading->card->number);
          g_string_append_printf (out, " %s", line);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
append (GByteArray *stream,
        GBytes     *bytes)
{
  g_byte_array_append (stream, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_bytes_unref (bytes);
}

static void
test_decoder (void)
{
  g_autoptr(DabiaoIdCard) a = make_card ("𠮷野", "650102198503120023");
  g_autoptr(DabiaoIdCard) b = make_card ("王芳", "440106198503120023");
  g_autoptr(GByteArray) s = g_byte_array_new ();
  static const guint8 four[4] = { 0, }, eight[8] = { 0, };
  static const guint8 noise[] = { 0xAA, 0xAA, 0x13, 0x96, 0xFF, 0xAA, 0xAA, 0xAA, 0x96, 0x69, 0xFF, 0xFF };
  g_autofree char *whole = NULL;
  g_autoptr(GBytes) bad = NULL;

  append (s, dabiao_sam_answer (DABIAO_SAM_NO_CARD, NULL, 0));
  append (s, dabiao_sam_answer (DABIAO_SAM_FOUND, four, 4));
  append (s, dabiao_sam_answer (DABIAO_SAM_OK, eight, 8));
  append (s, read_answer (a));
  /* The same card read again while it lies on the reader: not offered twice. */
  append (s, read_answer (a));
  g_byte_array_append (s, noise, sizeof noise);
  /* Lifted and laid again: offered again. */
  append (s, dabiao_sam_answer (DABIAO_SAM_NO_CARD, NULL, 0));
  append (s, read_answer (a));
  /* A damaged frame, then another person. */
  bad = read_answer (b);
  {
    g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bad, NULL), g_bytes_get_size (bad));

    copy[g_bytes_get_size (bad) - 1] ^= 0x01;
    g_byte_array_append (s, copy, g_bytes_get_size (bad));
  }
  append (s, read_answer (b));
  append (s, dabiao_sam_answer (DABIAO_SAM_READ_FAIL, NULL, 0));
  append (s, dabiao_sam_answer (0x31, NULL, 0));

  whole = decode (s->data, s->len, 0);
  g_assert_cmpstr (whole, ==,
                   "busy\n"
                   "ack reply=2002\n"
                   "ack reply=3001\n"
                   "accepted 𠮷野 女 1985-03-12 650102198503120023 维吾尔\n"
                   "duplicate 𠮷野 女 1985-03-12 650102198503120023 维吾尔\n"
                   "error\n"
                   "busy\n"
                   "accepted 𠮷野 女 1985-03-12 650102198503120023 维吾尔\n"
                   "error\n"
                   "accepted 王芳 女 1985-03-12 440106198503120023 维吾尔\n"
                   "error\n"
                   "error\n");
  for (guint cut = 1; cut < 30; cut++)
    {
      g_autofree char *other = decode (s->data, s->len, cut);

      /* Noise is reported in pieces of its own size, which depend on the
       * cut; the readings and replies do not. */
      g_auto(GStrv) a_lines = g_strsplit (whole, "\n", -1);
      g_auto(GStrv) b_lines = g_strsplit (other, "\n", -1);
      g_autoptr(GString) a_kept = g_string_new (NULL), b_kept = g_string_new (NULL);

      for (guint i = 0; a_lines[i]; i++)
        if (!g_str_equal (a_lines[i], "error"))
          g_string_append_printf (a_kept, "%s\n", a_lines[i]);
      for (guint i = 0; b_lines[i]; i++)
        if (!g_str_equal (b_lines[i], "error"))
          g_string_append_printf (b_kept, "%s\n", b_lines[i]);
      g_assert_cmpstr (b_kept->str, ==, a_kept->str);
    }
}

static void
test_partial_dropped (void)
{
  g_autoptr(DabiaoIdCard) a = make_card ("张三", "650102198503120023");
  g_autoptr(GBytes) answer = read_answer (a);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoProfile) profile = dabiao_profile_lookup ("id-card", &error);
  g_autoptr(DabiaoDecoder) decoder = dabiao_decoder_new (profile, NULL);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_frame_free);
  gsize len;
  const guint8 *d = g_bytes_get_data (answer, &len);

  /* Half a card, the cable pulled: nothing offered, the half forgotten; the
   * whole card after reconnecting is offered once. */
  dabiao_decoder_feed (decoder, d, len / 2, 0, frames);
  g_assert_cmpuint (frames->len, ==, 0);
  g_assert_cmpuint (dabiao_decoder_drop_partial (decoder), ==, len / 2);
  g_assert_cmpuint (dabiao_decoder_drop_partial (decoder), ==, 0);
  dabiao_decoder_feed (decoder, d, len, 0, frames);
  g_assert_cmpuint (frames->len, ==, 1);
  g_assert_cmpint (((DabiaoFrame *) frames->pdata[0])->kind, ==, DABIAO_FRAME_ACCEPTED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/instrument/id-card/text", test_text_round_trip);
  g_test_add_func ("/instrument/id-card/text-errors", test_text_errors);
  g_test_add_func ("/instrument/id-card/nations", test_nations);
  g_test_add_func ("/instrument/id-card/commands", test_commands);
  g_test_add_func ("/instrument/id-card/decoder", test_decoder);
  g_test_add_func ("/instrument/id-card/partial", test_partial_dropped);
  return g_test_run ();
}
